//! The rejects file of an import that imported only its valid rows: each refused row with its
//! row number and reasons, every cell made inert for spreadsheets, moved into place whole.

use super::lines::{ImportError, Problem};
use crate::i18n::Lang;
use std::path::{Path, PathBuf};

pub(super) struct RejectsFile {
    tmp: PathBuf,
    dir: PathBuf,
    out: csv::Writer<std::fs::File>,
}

/// Whether `path` is named as a finished rejects file (`import-…-rejects.csv`, see
/// [`RejectsFile::finish`]) or, with `partial`, as one still being written (`.rejects-….partial`,
/// see [`RejectsFile::create`]).
fn named_as_rejects(path: &Path, partial: bool) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        if partial {
            n.starts_with(".rejects-") && n.ends_with(".partial")
        } else {
            n.starts_with("import-") && n.ends_with("-rejects.csv")
        }
    })
}

/// Deletes a rejects file this app wrote (its name says so); anything else is left alone, and a
/// file already gone is fine.
pub(super) fn remove(path: &Path) {
    if named_as_rejects(path, false) || named_as_rejects(path, true) {
        let _ = std::fs::remove_file(path);
    }
}

/// Deletes the partial rejects files in `dir` (left by an import that crashed) for which `old`
/// holds; returns how many went.
pub(super) fn remove_partials(dir: &Path, old: impl Fn(&Path) -> bool) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
        if named_as_rejects(&path, true) && old(&path) {
            remove(&path);
            removed += 1;
        }
    }
    removed
}

/// Neutralises cells a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`).
pub fn inert_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{cell}")),
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

impl RejectsFile {
    pub(super) fn create(dir: &Path, headers: &[String], lang: Lang) -> Result<Self, ImportError> {
        std::fs::create_dir_all(dir).map_err(|e| ImportError::Io(dir.display().to_string(), e))?;
        let tmp = dir.join(format!(".rejects-{}.partial", std::process::id()));
        let file = std::fs::File::create(&tmp)
            .map_err(|e| ImportError::Io(tmp.display().to_string(), e))?;
        let mut out = csv::Writer::from_writer(file);
        let mut header: Vec<String> = vec![lang.pick("行号", "row"), lang.pick("原因", "reason")];
        header.extend(headers.iter().map(|h| inert_cell(h).into_owned()));
        out.write_record(&header)
            .map_err(|e| ImportError::Io(tmp.display().to_string(), e.into()))?;
        Ok(RejectsFile {
            tmp,
            dir: dir.to_path_buf(),
            out,
        })
    }

    pub(super) fn write(
        &mut self,
        number: usize,
        cells: &[String],
        problems: &[Problem],
        lang: Lang,
    ) -> Result<(), ImportError> {
        let reasons: Vec<String> = problems.iter().map(|p| p.describe(lang)).collect();
        let mut record = vec![
            number.to_string(),
            inert_cell(&reasons.join("; ")).into_owned(),
        ];
        record.extend(cells.iter().map(|c| inert_cell(c).into_owned()));
        self.out
            .write_record(&record)
            .map_err(|e| ImportError::Io(self.tmp.display().to_string(), e.into()))
    }

    pub(super) fn finish(mut self, batch_id: i64, file_name: &str) -> Result<PathBuf, ImportError> {
        self.out
            .flush()
            .map_err(|e| ImportError::Io(self.tmp.display().to_string(), e))?;
        let stem = Path::new(file_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dest = self
            .dir
            .join(format!("import-{batch_id}-{stem}-rejects.csv"));
        std::fs::rename(&self.tmp, &dest)
            .map_err(|e| ImportError::Io(dest.display().to_string(), e))?;
        Ok(dest)
    }
}
