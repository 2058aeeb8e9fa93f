//! CSV with a header row: UTF-8 (a byte-order mark is skipped), quoted fields, CRLF or LF.

use super::builder::TableBuilder;
use super::{DatasetSource, Problem, Problems, locate_columns};
use std::fs::File;
use std::io::{BufReader, Read};

pub(super) fn read(
    source: &DatasetSource,
    builder: TableBuilder,
) -> Result<TableBuilder, Problems> {
    let file = File::open(&source.path).map_err(|e| {
        let mut p = builder.problems.clone();
        p.push(Problem::file(format!("cannot open: {e}")));
        p
    })?;
    read_from(source, BufReader::with_capacity(1 << 20, file), builder)
}

/// Reads CSV from any reader; `source` gives the column mapping.
pub(super) fn read_from(
    source: &DatasetSource,
    input: impl Read,
    mut builder: TableBuilder,
) -> Result<TableBuilder, Problems> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(input);
    let header: Vec<String> = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                let raw = if i == 0 {
                    raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
                } else {
                    raw
                };
                String::from_utf8_lossy(raw).trim().to_string()
            })
            .collect(),
        Err(e) => {
            builder
                .problems
                .push(Problem::file(format!("cannot read the header row: {e}")));
            return Err(builder.problems);
        }
    };
    if header.iter().all(String::is_empty) {
        builder
            .problems
            .push(Problem::file("the file is empty: expected a header row"));
        return Err(builder.problems);
    }
    let positions = locate_columns_for(&builder, source, &header)?;
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(line);
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("expected {expected_len} fields like the header, found {len}"),
                    _ => format!("unreadable CSV: {e}"),
                };
                builder.problems.push(Problem {
                    line: Some(line),
                    column: None,
                    message,
                });
                if builder.problems.full() {
                    return Err(builder.problems);
                }
                continue;
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(line);
        let mut cells: Vec<Option<&str>> = Vec::with_capacity(positions.len());
        let mut utf8_ok = true;
        for (i, pos) in positions.iter().enumerate() {
            let cell = match pos {
                Some(p) => match std::str::from_utf8(&record[*p]) {
                    Ok(s) => Some(s),
                    Err(_) => {
                        builder.problems.push(Problem::at(
                            line,
                            builder_column(&builder, i),
                            "expected UTF-8 text, found invalid bytes",
                        ));
                        utf8_ok = false;
                        None
                    }
                },
                None => None,
            };
            cells.push(cell);
        }
        if record.len() == header.len()
            && record
                .iter()
                .zip(&header)
                .all(|(cell, name)| cell.trim_ascii() == name.as_bytes())
        {
            builder.problems.push(Problem {
                line: Some(line),
                column: None,
                message:
                    "expected a data row, found the header row again (remove the repeated header)"
                        .to_string(),
            });
        } else if utf8_ok {
            builder.push_row(line, &cells);
        }
    }
    Ok(builder)
}

fn builder_column(builder: &TableBuilder, i: usize) -> &'static str {
    builder.spec().columns[i].name
}

fn locate_columns_for(
    builder: &TableBuilder,
    source: &DatasetSource,
    header: &[String],
) -> Result<Vec<Option<usize>>, Problems> {
    let mut problems = builder.problems.clone();
    let positions = locate_columns(builder.spec(), source, header, &mut problems);
    if problems.is_empty() {
        Ok(positions)
    } else {
        Err(problems)
    }
}
