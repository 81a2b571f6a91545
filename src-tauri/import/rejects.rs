//! The rejects file of an import that imported only its valid rows (the POS sales' and every
//! table import's): each refused row with its row number and reasons, every cell made inert for
//! spreadsheets, moved into place whole. Undo deletes it, and so does the 30th day
//! (`batches::expire_rejects`): it holds rows of the owner's file, customers' phones among them.

use super::FileError;
use crate::i18n::Lang;
use std::path::{Path, PathBuf};

pub struct RejectsFile {
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
pub fn remove(path: &Path) {
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

/// Rewrites every finished rejects file in `dir` without the rows that have a cell for which
/// `names` holds (a forgotten person's phone or id), each moved into place whole; and deletes
/// every partial one. Returns how many rows went.
pub fn scrub(dir: &Path, names: impl Fn(&str) -> bool) -> Result<usize, FileError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(0);
    };
    let mut removed = 0;
    for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
        if named_as_rejects(&path, true) {
            remove(&path);
            continue;
        }
        if !named_as_rejects(&path, false) {
            continue;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&path)
            .map_err(|e| FileError::at(&path, e.into()))?;
        let mut kept = Vec::new();
        let mut dropped = 0;
        for record in reader.records() {
            let record = record.map_err(|e| FileError::at(&path, e.into()))?;
            if record
                .iter()
                .any(|cell| names(cell.trim_start_matches('\'')))
            {
                dropped += 1;
            } else {
                kept.push(record);
            }
        }
        if dropped == 0 {
            continue;
        }
        let tmp = path.with_extension("csv.scrub");
        let mut out = csv::Writer::from_path(&tmp).map_err(|e| FileError::at(&tmp, e.into()))?;
        for record in &kept {
            out.write_record(record)
                .map_err(|e| FileError::at(&tmp, e.into()))?;
        }
        out.flush().map_err(|e| FileError::at(&tmp, e))?;
        drop(out);
        std::fs::rename(&tmp, &path).map_err(|e| FileError::at(&path, e))?;
        removed += dropped;
    }
    Ok(removed)
}

/// Neutralises cells a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`).
fn inert_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{cell}")),
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

/// A rejects file not finished (the import failed or was cancelled) is deleted: it holds rows of
/// the owner's file, customers' phones among them.
impl Drop for RejectsFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

impl RejectsFile {
    pub fn create(dir: &Path, headers: &[String], lang: Lang) -> Result<Self, FileError> {
        std::fs::create_dir_all(dir).map_err(|e| FileError::at(dir, e))?;
        let tmp = dir.join(format!(".rejects-{}.partial", std::process::id()));
        let file = std::fs::File::create(&tmp).map_err(|e| FileError::at(&tmp, e))?;
        let mut out = csv::Writer::from_writer(file);
        let mut header: Vec<String> = vec![lang.pick("行号", "row"), lang.pick("原因", "reason")];
        header.extend(headers.iter().map(|h| inert_cell(h).into_owned()));
        out.write_record(&header)
            .map_err(|e| FileError::at(&tmp, e.into()))?;
        Ok(RejectsFile {
            tmp,
            dir: dir.to_path_buf(),
            out,
        })
    }

    /// Writes row `number` of the file (its `cells`) with the `reasons` it was refused.
    pub fn write(
        &mut self,
        number: usize,
        cells: &[String],
        reasons: &[String],
    ) -> Result<(), FileError> {
        let mut record = vec![
            number.to_string(),
            inert_cell(&reasons.join("; ")).into_owned(),
        ];
        record.extend(cells.iter().map(|c| inert_cell(c).into_owned()));
        self.out
            .write_record(&record)
            .map_err(|e| FileError::at(&self.tmp, e.into()))
    }

    /// Moves the file into place, named after its batch and the imported file.
    pub fn finish(mut self, batch_id: i64, file_name: &str) -> Result<PathBuf, FileError> {
        self.out.flush().map_err(|e| FileError::at(&self.tmp, e))?;
        let stem = Path::new(file_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dest = self
            .dir
            .join(format!("import-{batch_id}-{stem}-rejects.csv"));
        std::fs::rename(&self.tmp, &dest).map_err(|e| FileError::at(&dest, e))?;
        Ok(dest)
    }
}
