//! CSV with a header row: UTF-8 (a byte-order mark is skipped), quoted fields, CRLF or LF.

use super::builder::TableBuilder;
use super::{DatasetSource, Problem, Problems, locate_columns};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// Files at least this large are parsed in blocks on several threads.
const PARALLEL_FROM_BYTES: u64 = 16 << 20;
/// The size of one block handed to a parsing thread.
const BLOCK_BYTES: usize = 8 << 20;

pub(super) fn read(
    source: &DatasetSource,
    path: &Path,
    builder: TableBuilder,
) -> Result<TableBuilder, Problems> {
    let file = File::open(path).map_err(|e| {
        let mut p = builder.problems.clone();
        p.push(Problem::file(format!("cannot open: {e}")));
        p
    })?;
    let size = file.metadata().map_or(0, |m| m.len());
    let threads = vitals_core::threads();
    if size >= PARALLEL_FROM_BYTES && threads > 1 {
        return read_parallel(source, file, builder, threads, BLOCK_BYTES);
    }
    read_from(source, BufReader::with_capacity(1 << 20, file), builder)
}

/// The end of the last complete record in `data` (just after a line feed that is not inside
/// quotes), given that `data` starts at a record boundary. RFC 4180 escapes a quote inside a
/// quoted field by doubling it, so a line feed ends a record exactly when the number of
/// quotes before it is even.
fn last_record_end(data: &[u8]) -> Option<usize> {
    let mut quotes = 0usize;
    let mut end = None;
    for (i, b) in data.iter().enumerate() {
        match b {
            b'"' => quotes += 1,
            b'\n' if quotes.is_multiple_of(2) => end = Some(i + 1),
            _ => {}
        }
    }
    end
}

/// Reads the header on this thread, then hands blocks of whole records to `threads`
/// parsing threads, each with its own builder, and merges them (rows, problems in line
/// order, ids repeated across blocks). At most two blocks per thread are in flight.
fn read_parallel(
    source: &DatasetSource,
    file: File,
    builder: TableBuilder,
    threads: usize,
    block_bytes: usize,
) -> Result<TableBuilder, Problems> {
    let mut input = BufReader::with_capacity(1 << 20, file);
    let mut pending: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; block_bytes];
    // The header: the first complete record (a header cannot be longer than one block).
    let mut eof = false;
    let header_end = loop {
        if let Some(end) = first_record_end(&pending) {
            break end;
        }
        let n = input
            .read(&mut chunk)
            .map_err(|e| read_error(&builder, e))?;
        if n == 0 {
            eof = true;
            break pending.len();
        }
        pending.extend_from_slice(&chunk[..n]);
    };
    let rest = pending.split_off(header_end);
    let header_bytes = std::mem::replace(&mut pending, rest);
    let builder = read_from(source, header_bytes.as_slice(), builder)?;
    if eof && pending.is_empty() {
        return Ok(builder);
    }
    let header =
        header_names(&mut reader_of(header_bytes.as_slice(), true, source)).unwrap_or_default();
    let positions = locate_columns_for(&builder, source, &header)?;
    let header_lines = header_bytes.iter().filter(|b| **b == b'\n').count() as u64;
    let spec = builder.spec();
    let cap = builder.problems.cap();
    let text = builder.text_storage();
    let dialect = builder.dialect();

    let (tx, rx) = std::sync::mpsc::sync_channel::<(Vec<u8>, u64)>(threads * 2);
    let rx = std::sync::Mutex::new(rx);
    let parts = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let rx = &rx;
                let (header, positions) = (&header, &positions);
                let dialect = &dialect;
                scope.spawn(move || {
                    let mut part = TableBuilder::new(spec, Problems::new(cap), text)
                        .with_dialect(dialect.clone());
                    loop {
                        let block = match rx.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => break,
                        };
                        let Ok((bytes, first_line)) = block else {
                            break;
                        };
                        let mut reader = reader_of(bytes.as_slice(), false, source);
                        // Once this part's problems are full, keep taking blocks (so the
                        // reader never waits on a full queue) without parsing them.
                        if !part.problems.full() {
                            let _ = read_records(
                                &mut reader,
                                header,
                                positions,
                                &mut part,
                                first_line - 1,
                            );
                        }
                    }
                    part
                })
            })
            .collect();
        let mut line = header_lines + 1;
        let send = |block: Vec<u8>, line: &mut u64| -> bool {
            let lines = block.iter().filter(|b| **b == b'\n').count() as u64;
            let first = *line;
            *line += lines;
            tx.send((block, first)).is_ok()
        };
        let mut io_error = None;
        while !eof {
            match input.read(&mut chunk) {
                Ok(0) => eof = true,
                Ok(n) => {
                    pending.extend_from_slice(&chunk[..n]);
                    if pending.len() >= block_bytes
                        && let Some(end) = last_record_end(&pending)
                    {
                        let rest = pending.split_off(end);
                        let block = std::mem::replace(&mut pending, rest);
                        if !send(block, &mut line) {
                            break;
                        }
                    }
                }
                Err(e) => {
                    io_error = Some(e);
                    break;
                }
            }
        }
        if !pending.is_empty() {
            send(std::mem::take(&mut pending), &mut line);
        }
        drop(tx);
        let parts: Vec<TableBuilder> = workers
            .into_iter()
            .map(|w| w.join().expect("a CSV parsing thread panicked"))
            .collect();
        (parts, io_error)
    });
    let (parts, io_error) = parts;
    let mut merged = builder.merge(parts);
    if let Some(e) = io_error {
        merged
            .problems
            .push(Problem::file(format!("cannot read: {e}")));
    }
    Ok(merged)
}

/// The end of the first complete record in `data`, if there is one.
fn first_record_end(data: &[u8]) -> Option<usize> {
    let mut quotes = 0usize;
    for (i, b) in data.iter().enumerate() {
        match b {
            b'"' => quotes += 1,
            b'\n' if quotes.is_multiple_of(2) => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn read_error(builder: &TableBuilder, e: std::io::Error) -> Problems {
    let mut p = builder.problems.clone();
    p.push(Problem::file(format!("cannot read: {e}")));
    p
}

/// Reads CSV from any reader; `source` gives the column mapping.
pub(super) fn read_from(
    source: &DatasetSource,
    input: impl Read,
    mut builder: TableBuilder,
) -> Result<TableBuilder, Problems> {
    let mut reader = reader_of(input, true, source);
    let header = match header_names(&mut reader) {
        Ok(h) => h,
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
    read_records(&mut reader, &header, &positions, &mut builder, 0)?;
    Ok(builder)
}

/// Reads the records after the header into `builder`; `line_offset` is added to the reader's
/// line numbers (for a block that starts further into the file).
fn read_records(
    reader: &mut csv::Reader<impl Read>,
    header: &[String],
    positions: &[Option<usize>],
    builder: &mut TableBuilder,
    line_offset: u64,
) -> Result<(), Problems> {
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line() + line_offset;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line() + line_offset).unwrap_or(line);
                builder.problems.push(Problem {
                    line: Some(line),
                    column: None,
                    message: format!("unreadable CSV: {e}"),
                });
                if builder.problems.full() {
                    return Err(builder.problems.clone());
                }
                continue;
            }
        }
        let line = record
            .position()
            .map(|p| p.line() + line_offset)
            .unwrap_or(line);
        if record.len() == 1 && record[0].trim_ascii().is_empty() {
            continue; // a blank line (a lone `\r` of CRLF)
        }
        if record.len() != header.len() {
            builder.problems.push(Problem {
                line: Some(line),
                column: None,
                message: format!(
                    "expected {} fields like the header, found {}",
                    header.len(),
                    record.len()
                ),
            });
            continue;
        }
        let mut cells: Vec<Option<&str>> = Vec::with_capacity(positions.len());
        let mut utf8_ok = true;
        for (i, pos) in positions.iter().enumerate() {
            let cell = match pos {
                Some(p) => match std::str::from_utf8(field(&record, *p)) {
                    Ok(s) => Some(s),
                    Err(_) => {
                        builder.problems.push(Problem::at(
                            line,
                            builder_column(builder, i),
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
                .zip(header)
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
    Ok(())
}

/// A CSV reader as every path here uses one: records end at `\n` (see [`field`]) and may
/// have any number of fields (checked against the header by [`read_records`]).
fn reader_of<R: Read>(input: R, has_headers: bool, source: &DatasetSource) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(source.dialect.delimiter.unwrap_or(b','))
        .terminator(csv::Terminator::Any(b'\n'))
        .has_headers(has_headers)
        .flexible(true)
        .from_reader(input)
}

/// The header's column names, trimmed, without a byte-order mark.
fn header_names<R: Read>(reader: &mut csv::Reader<R>) -> Result<Vec<String>, csv::Error> {
    Ok(reader
        .byte_headers()?
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
        .collect())
}

/// Field `i` of `record`. Records end at `\n` (so that the reader's line numbers are the
/// file's, which they are not with CRLF as the terminator); the `\r` of a CRLF line end is
/// then the last field's last byte and is dropped here.
fn field(record: &csv::ByteRecord, i: usize) -> &[u8] {
    let f = &record[i];
    if i + 1 == record.len() {
        f.strip_suffix(b"\r").unwrap_or(f)
    } else {
        f
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{DatasetSource, Problems};
    use datafusion::arrow::util::display::array_value_to_string;

    fn load(text: &str, parallel: Option<usize>) -> Result<Vec<String>, Vec<String>> {
        load_in(text, parallel, vitals_core::Dialect::default())
    }

    fn load_in(
        text: &str,
        parallel: Option<usize>,
        dialect: vitals_core::Dialect,
    ) -> Result<Vec<String>, Vec<String>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orders.csv");
        std::fs::write(&path, text).unwrap();
        let spec = vitals_core::contract()
            .iter()
            .find(|d| d.id == "orders")
            .unwrap();
        let mut source = DatasetSource::new(&path);
        source.dialect = dialect.clone();
        let builder = TableBuilder::new(
            spec,
            Problems::new(50),
            crate::load::TextStorage::Dictionary,
        )
        .with_dialect(std::sync::Arc::new(dialect));
        let result = match parallel {
            Some(block) => {
                let file = File::open(&path).unwrap();
                read_parallel(&source, file, builder, 3, block)
            }
            None => read(&source, &path, builder),
        }
        .and_then(TableBuilder::finish);
        match result {
            Ok((_, batches, _)) => {
                let mut rows: Vec<String> = batches
                    .iter()
                    .flat_map(|b| {
                        (0..b.num_rows()).map(move |r| {
                            (0..b.num_columns())
                                .map(|c| array_value_to_string(b.column(c), r).unwrap())
                                .collect::<Vec<_>>()
                                .join("|")
                        })
                    })
                    .collect();
                rows.sort();
                Ok(rows)
            }
            Err(p) => Err(p
                .kept
                .iter()
                .map(|p| format!("{:?} {:?} {}", p.line, p.column, p.message))
                .collect()),
        }
    }

    fn file(rows: usize, extra: &[(usize, &str)]) -> String {
        let mut text =
            String::from("\u{feff}order_id,customer_id,ordered_at,gross_amount,campaign\r\n");
        for i in 0..rows {
            match extra.iter().find(|(at, _)| *at == i) {
                Some((_, line)) => text.push_str(line),
                None => text.push_str(&format!(
                    "o{i},c{},2026-01-{:02},{}.5,\"spring,\nsale \"\"{i}\"\"\"\r\n",
                    i % 7,
                    i % 28 + 1,
                    i
                )),
            }
        }
        text
    }

    #[test]
    fn blocks_on_threads_load_what_one_pass_loads() {
        // Quoted fields holding commas, line feeds and doubled quotes straddle block edges.
        let text = file(500, &[]);
        let one = load(&text, None).unwrap();
        assert_eq!(one.len(), 500);
        for block in [16, 100, 1000, 1 << 20] {
            assert_eq!(load(&text, Some(block)).unwrap(), one, "block {block}");
        }
    }

    #[test]
    fn a_semicolon_and_decimal_comma_export_loads_as_its_comma_twin_in_blocks_too() {
        let text = file(300, &[]);
        let one = load(&text, None).unwrap();
        // The same rows as a Swedish spreadsheet writes them: `;` between fields, `12,5`.
        let swedish: String = text
            .lines()
            .map(|l| {
                let mut fields: Vec<String> = l.split(',').map(str::to_string).collect();
                if fields.len() >= 5 && fields[3].ends_with(".5") {
                    fields[3] = fields[3].replace('.', ",");
                }
                // The campaign's quoted comma stays a comma inside its quotes.
                let (head, tail) = fields.split_at(4.min(fields.len()));
                let mut line = head.join(";");
                if !tail.is_empty() {
                    line.push(';');
                    line.push_str(&tail.join(","));
                }
                line + "\n"
            })
            .collect();
        let dialect = vitals_core::Dialect {
            delimiter: Some(b';'),
            decimal_comma: true,
            time_format: None,
        };
        for block in [None, Some(16), Some(1000)] {
            assert_eq!(
                load_in(&swedish, block, dialect.clone()).unwrap(),
                one,
                "block {block:?}"
            );
        }
    }

    #[test]
    fn blocks_report_problems_with_file_lines_in_order() {
        // Each record spans two lines, so record i starts on line 2 + 2i (a CRLF line end
        // is one line end).
        let text = file(
            300,
            &[
                (10, "o10,c1,someday,1\r\n"),
                (150, "o150,c1,2026-01-01\r\n"),
                (290, "o3,c1,2026-01-01,1,x\r\n"),
            ],
        );
        let expected = load(&text, None).unwrap_err();
        assert_eq!(
            expected,
            vec![
                "Some(22) None expected 5 fields like the header, found 4".to_string(),
                // Record 10 took one line, so record 150 starts on line 2 + 300 - 1.
                "Some(301) None expected 5 fields like the header, found 3".to_string(),
                // Records 10 and 150 took one line each: 2 + 580 - 2.
                "Some(580) Some(\"order_id\") duplicate id `o3` (first seen on line 8); ids must be unique".to_string(),
            ]
        );
        for block in [16, 100, 1000] {
            assert_eq!(
                load(&text, Some(block)).unwrap_err(),
                expected,
                "block {block}"
            );
        }
    }
}
