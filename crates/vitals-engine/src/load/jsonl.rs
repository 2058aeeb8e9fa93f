//! JSON Lines: one object per line; blank lines are skipped.

use super::builder::TableBuilder;
use super::{DatasetSource, Problem, Problems, locate_columns};
use serde_json::Value;
use std::fs::File;
use std::io::{BufRead, BufReader};

pub(super) fn read(
    source: &DatasetSource,
    mut builder: TableBuilder,
) -> Result<TableBuilder, Problems> {
    let file = File::open(&source.path).map_err(|e| {
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
        let object = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(o)) => o,
            Ok(_) => {
                builder.problems.push(Problem {
                    line: Some(n),
                    column: None,
                    message: "expected a JSON object".into(),
                });
                continue;
            }
            Err(e) => {
                builder.problems.push(Problem {
                    line: Some(n),
                    column: None,
                    message: format!("invalid JSON: {e}"),
                });
                continue;
            }
        };
        if first {
            first = false;
            let header: Vec<String> = object.keys().cloned().collect();
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
            texts[j] = match object.get(*key) {
                None | Some(Value::Null) => None,
                Some(v) => match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(x) => Some(x.to_string()),
                    Value::Bool(b) => Some(b.to_string()),
                    _ => {
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
                },
            };
        }
        if ok {
            let cells: Vec<Option<&str>> = texts.iter().map(|t| t.as_deref()).collect();
            builder.push_row(n, &cells);
        }
    }
    Ok(builder)
}
