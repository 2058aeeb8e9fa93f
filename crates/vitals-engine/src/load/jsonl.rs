//! JSON Lines: one object per line; blank lines are skipped.

use super::builder::TableBuilder;
use super::{DatasetSource, Problem, Problems, locate_columns};
use serde_json::value::RawValue;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

pub(super) fn read(
    source: &DatasetSource,
    path: &Path,
    mut builder: TableBuilder,
) -> Result<TableBuilder, Problems> {
    let file = File::open(path).map_err(|e| {
        let mut p = builder.problems.clone();
        p.push(Problem::file(format!("cannot open: {e}")));
        p
    })?;
    let spec = builder.spec();
    let keys: Vec<&str> = spec
        .columns
        .iter()
        .map(|c| {
            source
                .columns
                .get(c.name)
                .map(String::as_str)
                .unwrap_or(c.name)
        })
        .collect();
    let mut texts: Vec<Option<String>> = vec![None; keys.len()];
    let mut first = true;
    for (i, line) in BufReader::with_capacity(1 << 20, file).lines().enumerate() {
        let n = i as u64 + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                builder.problems.push(Problem {
                    line: Some(n),
                    column: None,
                    message: format!("unreadable line: {e}"),
                });
                return Err(builder.problems);
            }
        };
        let text = line.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        // Each value is kept as its JSON text, so a number is read exactly as written
        // (through f64 it would lose digits past the 17th, before any check).
        let object = match serde_json::from_str::<Object>(text) {
            Ok(o) => o.0,
            Err(_) => {
                let message = match serde_json::from_str::<serde_json::Value>(text) {
                    Ok(_) => "expected a JSON object".to_string(),
                    Err(e) => format!("invalid JSON: {e}"),
                };
                builder.problems.push(Problem {
                    line: Some(n),
                    column: None,
                    message,
                });
                continue;
            }
        };
        if first {
            first = false;
            let header: Vec<String> = object.iter().map(|(k, _)| k.clone()).collect();
            let mut problems = builder.problems.clone();
            locate_columns(spec, source, &header, &mut problems);
            if !problems.is_empty() {
                for p in &mut problems.kept {
                    p.line = Some(n);
                }
                return Err(problems);
            }
        }
        let mut ok = true;
        for (j, key) in keys.iter().enumerate() {
            let raw = object.iter().find(|(k, _)| k == key).map(|(_, v)| v.get());
            texts[j] = match raw.map(cell) {
                None | Some(Ok(None)) => None,
                Some(Ok(Some(text))) => Some(text),
                Some(Err(())) => {
                    builder.problems.push(Problem::at(
                        n,
                        spec.columns[j].name,
                        format!(
                            "expected {}, found a JSON array or object",
                            spec.columns[j].ty.expected()
                        ),
                    ));
                    ok = false;
                    None
                }
            };
        }
        if ok {
            let cells: Vec<Option<&str>> = texts.iter().map(|t| t.as_deref()).collect();
            builder.push_row(n, &cells);
        }
    }
    Ok(builder)
}

/// One JSON object with each value as its text, keys in file order (a repeated key is kept
/// once, its last value, as JSON parsers do).
struct Object<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Object<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visit<'a> {
            type Value = Object<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut m: M,
            ) -> Result<Object<'a>, M::Error> {
                let mut out: Vec<(String, &'a RawValue)> = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, &'a RawValue>()? {
                    match out.iter_mut().find(|(key, _)| *key == k) {
                        Some(slot) => slot.1 = v,
                        None => out.push((k, v)),
                    }
                }
                Ok(Object(out))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

/// The text of one JSON value as a cell: a string unquoted, a number exactly as written (an
/// exponent spelt out), `true`/`false`; `None` for null; `Err` for an array or an object.
fn cell(raw: &str) -> Result<Option<String>, ()> {
    match raw.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(raw)
            .map(Some)
            .map_err(|_| ()),
        Some(b'n') => Ok(None),
        Some(b'[' | b'{') | None => Err(()),
        Some(b't' | b'f') => Ok(Some(raw.to_string())),
        Some(_) if raw.contains(['e', 'E']) => Ok(Some(
            rust_decimal::Decimal::from_scientific(raw)
                .map(|d| d.normalize().to_string())
                .unwrap_or_else(|_| raw.to_string()),
        )),
        Some(_) => Ok(Some(raw.to_string())),
    }
}
