//! "Save as PDF": the page on screen printed to an A4 PDF file without a dialog. On Linux this
//! is WebKitGTK's own print operation with GTK's "Print to File" printer; elsewhere the system
//! print dialog (with its own "Save as PDF") serves.

use super::error::ApiError;
use crate::i18n::Lang;
use crate::insight::rules_card::Paper;
use std::path::Path;

/// Prints to a temporary file beside `path` on `paper`, renamed over it once whole.
#[cfg(target_os = "linux")]
pub fn save(window: &tauri::WebviewWindow, path: &Path, paper: Paper) -> Result<(), ApiError> {
    crate::store::write_with(path, |tmp| {
        print_to(window, tmp, paper).map_err(|e| std::io::Error::other(e.message))
    })
    .map_err(|e| ApiError::from_user(&e, Lang::En))
}

#[cfg(target_os = "linux")]
fn print_to(window: &tauri::WebviewWindow, path: &Path, paper: Paper) -> Result<(), ApiError> {
    use std::sync::mpsc;
    use std::time::Duration;
    use webkit2gtk::PrintOperationExt;

    let fail = |what: String| ApiError::internal(Lang::En, &what);
    let absolute = std::path::absolute(path).map_err(|e| fail(e.to_string()))?;
    let uri = format!("file://{}", absolute.display());
    let (send, receive) = mpsc::channel::<Result<(), String>>();
    window
        .with_webview(move |webview| {
            let op = webkit2gtk::PrintOperation::new(&webview.inner());
            let settings = gtk::PrintSettings::new();
            settings.set_printer("Print to File");
            settings.set("output-file-format", Some("pdf"));
            settings.set("output-uri", Some(&uri));
            op.set_print_settings(&settings);
            let setup = gtk::PageSetup::new();
            let size = match paper {
                Paper::A4 => "iso_a4",
                Paper::A5 => "iso_a5",
            };
            setup.set_paper_size(&gtk::PaperSize::new(Some(size)));
            setup.set_top_margin(12.0, gtk::Unit::Mm);
            setup.set_bottom_margin(14.0, gtk::Unit::Mm);
            setup.set_left_margin(12.0, gtk::Unit::Mm);
            setup.set_right_margin(12.0, gtk::Unit::Mm);
            op.set_page_setup(&setup);
            let failed = send.clone();
            op.connect_failed(move |_, e| {
                let _ = failed.send(Err(e.to_string()));
            });
            op.connect_finished(move |_| {
                let _ = send.send(Ok(()));
            });
            op.print();
        })
        .map_err(|e| fail(e.to_string()))?;
    match receive.recv_timeout(Duration::from_secs(60)) {
        Ok(Ok(())) if std::fs::metadata(&absolute).is_ok_and(|m| m.len() > 0) => Ok(()),
        Ok(Ok(())) => Err(fail(format!(
            "no PDF was written to {}",
            absolute.display()
        ))),
        Ok(Err(e)) => Err(fail(format!("printing failed: {e}"))),
        Err(_) => Err(fail("printing did not finish within a minute".into())),
    }
}

#[cfg(not(target_os = "linux"))]
pub fn save(window: &tauri::WebviewWindow, _path: &Path, _paper: Paper) -> Result<(), ApiError> {
    window
        .print()
        .map_err(|e| ApiError::internal(Lang::En, &format!("printing failed: {e}")))
}
