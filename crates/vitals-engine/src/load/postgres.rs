//! PostgreSQL: a table or one SELECT query, read in a read-only transaction through a
//! cursor, [`CHUNK_ROWS`] rows at a time, so a large table is held only once (as the loaded
//! columns). Values arrive in PostgreSQL's binary format and are decoded here, so `numeric`
//! stays exact: it is spelt out as decimal text and parsed by the rules of a CSV cell, as is
//! every text value. Timestamps with and without a time zone are UTC instants.
//!
//! The connection string is read from the environment variable the config names; no message
//! shows it, and its password is masked in any message the server or the driver writes.

use super::builder::{Cell, TableBuilder};
use super::cell::{DAY_MICROS, DEC_SCALE};
use super::{DatasetSource, Problem, Problems, locate_columns};
use std::str::FromStr;
use std::time::Duration;
use tokio_postgres::types::{FromSql, Kind, Type};
use tokio_postgres::{Config, NoTls, Row};
use vitals_core::{ColumnType, PostgresSource, Relation};

/// Rows fetched per round trip.
const CHUNK_ROWS: i32 = 16 * 1024;

/// How long connecting may take unless the connection string sets `connect_timeout`.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Microseconds from 1970-01-01 (Unix) to 2000-01-01 (PostgreSQL's epoch).
const PG_EPOCH_MICROS: i64 = 946_684_800_000_000;

/// Days from 1970-01-01 to 2000-01-01.
const PG_EPOCH_DAYS: i64 = 10_957;

pub(super) fn read(
    pg: &PostgresSource,
    source: &DatasetSource,
    builder: TableBuilder,
) -> Result<TableBuilder, Problems> {
    // The driver runs on a runtime of its own, on a thread of its own, so that loading works
    // the same from any caller (a caller may itself be inside an async runtime).
    std::thread::scope(|scope| {
        scope
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                match runtime {
                    Ok(runtime) => runtime.block_on(read_async(pg, source, builder)),
                    Err(e) => Err(fail(
                        builder,
                        Problem::file(format!("cannot start the PostgreSQL client: {e}")),
                    )),
                }
            })
            .join()
            .unwrap_or_else(|_| panic!("the PostgreSQL reading thread panicked"))
    })
}

/// `builder`'s problems with `problem` added.
fn fail(builder: TableBuilder, problem: Problem) -> Problems {
    let mut problems = builder.problems;
    problems.push(problem);
    problems
}

async fn read_async(
    pg: &PostgresSource,
    source: &DatasetSource,
    mut builder: TableBuilder,
) -> Result<TableBuilder, Problems> {
    let server = match Server::from_env(&pg.url_env) {
        Ok(server) => server,
        Err(message) => return Err(fail(builder, Problem::file(message))),
    };
    let mut client = match server.connect().await {
        Ok(client) => client,
        Err(message) => return Err(fail(builder, Problem::file(message))),
    };
    let tx = match client.build_transaction().read_only(true).start().await {
        Ok(tx) => tx,
        Err(e) => {
            let message = format!("cannot start a read-only transaction: {}", server.says(&e));
            return Err(fail(builder, Problem::file(message)));
        }
    };
    // Text a query makes from times (`created_at::text`) is then ISO 8601 in UTC.
    if let Err(e) = tx
        .batch_execute("SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'")
        .await
    {
        return Err(fail(builder, Problem::file(server.says(&e))));
    }
    let spec = builder.spec();
    let (head, relation_sql) = match &pg.relation {
        Relation::Table(table) => {
            if let Err(message) = check_table_name(table) {
                return Err(fail(builder, Problem::file(message)));
            }
            (format!("SELECT * FROM {table}"), Some(table.as_str()))
        }
        Relation::Query(query) => (query.trim().trim_end_matches(';').to_string(), None),
    };
    let described = match tx.prepare(&head).await {
        Ok(statement) => statement,
        Err(e) => {
            let what = if relation_sql.is_some() {
                "cannot read the table"
            } else {
                "the query fails"
            };
            let message = format!("{what}: {}", server.says(&e));
            return Err(fail(builder, Problem::file(message)));
        }
    };
    if !described.params().is_empty() {
        let message = format!(
            "the query takes {} parameters ($1…); a dataset's query must take none",
            described.params().len()
        );
        return Err(fail(builder, Problem::file(message)));
    }
    let header: Vec<String> = described
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let mut problems = builder.problems.clone();
    let positions = locate_columns(spec, source, &header, &mut problems);
    if !problems.is_empty() {
        // The header has no line: its problems are about the table or the query.
        for p in &mut problems.kept {
            p.line = None;
        }
        return Err(problems);
    }
    // A table is read by the columns the contract uses; a query as it is written.
    let (statement, positions) = match relation_sql {
        Some(table) => {
            let used: Vec<usize> = positions.iter().flatten().copied().collect();
            if used.is_empty() {
                (described, positions)
            } else {
                let list: Vec<String> = used.iter().map(|&p| quote_ident(&header[p])).collect();
                let sql = format!("SELECT {} FROM {table}", list.join(", "));
                let statement = match tx.prepare(&sql).await {
                    Ok(statement) => statement,
                    Err(e) => {
                        let message = format!("cannot read the table: {}", server.says(&e));
                        return Err(fail(builder, Problem::file(message)));
                    }
                };
                let mut next = 0..;
                let positions = positions
                    .iter()
                    .map(|p| p.map(|_| next.next().unwrap_or(0)))
                    .collect();
                (statement, positions)
            }
        }
        None => (described, positions),
    };
    let mut decoders = Vec::with_capacity(spec.columns.len());
    for (col, pos) in spec.columns.iter().zip(&positions) {
        match pos {
            None => decoders.push(None),
            Some(p) => {
                let ty = statement.columns()[*p].type_();
                match Decoder::for_column(col.ty, ty) {
                    Some(decoder) => decoders.push(Some((*p, decoder, col.ty))),
                    None => builder.problems.push(Problem {
                        line: None,
                        column: Some(col.name.to_string()),
                        message: format!(
                            "expected {}, found PostgreSQL type {}{}",
                            col.ty.expected(),
                            ty.name(),
                            cast_hint(col.ty)
                        ),
                    }),
                }
            }
        }
    }
    if !builder.problems.is_empty() {
        return Err(builder.problems);
    }
    let portal = match tx.bind(&statement, &[]).await {
        Ok(portal) => portal,
        Err(e) => return Err(fail(builder, Problem::file(server.says(&e)))),
    };
    let mut row_number = 0u64;
    let mut texts: Vec<String> = vec![String::new(); decoders.len()];
    let mut decoded: Vec<Decoded> = vec![Decoded::Null; decoders.len()];
    loop {
        let rows = match tx.query_portal(&portal, CHUNK_ROWS).await {
            Ok(rows) => rows,
            Err(e) => {
                let message = format!(
                    "reading stopped after row {row_number}: {}",
                    server.says(&e)
                );
                return Err(fail(builder, Problem::file(message)));
            }
        };
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            row_number += 1;
            for (i, decoder) in decoders.iter().enumerate() {
                decoded[i] = match decoder {
                    None => Decoded::Null,
                    Some((p, decoder, want)) => match raw(row, *p) {
                        Ok(None) => Decoded::Null,
                        Ok(Some(bytes)) => decoder.decode(bytes, *want, &mut texts[i]),
                        Err(message) => Decoded::Broken(message),
                    },
                };
            }
            let cells: Vec<Cell<'_>> = decoded
                .iter()
                .zip(&texts)
                .map(|(d, text)| d.cell(text))
                .collect();
            builder.push_cells(row_number, &cells);
            if builder.problems.full() {
                return Err(builder.problems);
            }
        }
    }
    drop(portal);
    // Only read: the transaction's end changes nothing.
    let _ = tx.rollback().await;
    Ok(builder)
}

/// The raw bytes of column `p` of `row`, `None` for NULL.
fn raw(row: &Row, p: usize) -> Result<Option<&[u8]>, &'static str> {
    row.try_get::<_, Option<Raw<'_>>>(p)
        .map(|raw| raw.map(|r| r.0))
        .map_err(|_| "a value the server sent in a form vitals cannot read")
}

/// One value as PostgreSQL sent it, in its binary format.
struct Raw<'a>(&'a [u8]);

impl<'a> FromSql<'a> for Raw<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw(raw))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// The server a connection string names, and the string's password (as written, and as
/// decoded when the URL escapes it), kept only to be masked.
struct Server {
    config: Config,
    /// `user@host:port/database`, for messages.
    name: String,
    secrets: Vec<String>,
}

impl Server {
    fn from_env(var: &str) -> Result<Server, String> {
        let url = std::env::var(var).map_err(|e| match e {
            std::env::VarError::NotPresent => format!(
                "environment variable {var} is not set: it must hold the PostgreSQL connection string (postgresql://user:password@host:port/database)"
            ),
            std::env::VarError::NotUnicode(_) => {
                format!("environment variable {var} is not valid UTF-8")
            }
        })?;
        let written = password_in(&url);
        let mask = |text: String| match &written {
            Some(p) => text.replace(p.as_str(), "****"),
            None => text,
        };
        let mut config = Config::from_str(&url).map_err(|e| {
            mask(format!(
                "the connection string in {var} is not valid: {}",
                vitals_core::error_chain(&e)
            ))
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("vitals");
        }
        if config.get_ssl_mode() == tokio_postgres::config::SslMode::Require {
            return Err(format!(
                "the connection string in {var} asks for sslmode=require, and vitals connects to PostgreSQL without TLS: use sslmode=prefer or disable, or reach the server through a TLS tunnel"
            ));
        }
        let host = match config.get_hosts().first() {
            Some(tokio_postgres::config::Host::Tcp(h)) => h.clone(),
            Some(tokio_postgres::config::Host::Unix(p)) => p.display().to_string(),
            None => "localhost".to_string(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let user = config.get_user().unwrap_or("(default user)");
        let name = format!(
            "{user}@{host}:{port}/{}",
            config.get_dbname().unwrap_or(user)
        );
        let mut secrets: Vec<String> = written.into_iter().collect();
        secrets.extend(
            config
                .get_password()
                .map(|p| String::from_utf8_lossy(p).into_owned()),
        );
        secrets.retain(|s| !s.is_empty());
        Ok(Server {
            config,
            name,
            secrets,
        })
    }

    async fn connect(&self) -> Result<tokio_postgres::Client, String> {
        let limit = self
            .config
            .get_connect_timeout()
            .copied()
            .unwrap_or(CONNECT_TIMEOUT);
        let connecting = tokio::time::timeout(limit, self.config.connect(NoTls));
        match connecting.await {
            Ok(Ok((client, connection))) => {
                tokio::spawn(connection);
                Ok(client)
            }
            Ok(Err(e)) => Err(format!(
                "cannot connect to PostgreSQL at {}: {}",
                self.name,
                self.says(&e)
            )),
            Err(_) => Err(format!(
                "cannot connect to PostgreSQL at {}: no answer within {} s",
                self.name,
                limit.as_secs()
            )),
        }
    }

    /// What went wrong, in the server's words when it answered, the password masked.
    fn says(&self, e: &tokio_postgres::Error) -> String {
        let text = match e.as_db_error() {
            Some(db) => {
                let mut text = db.message().to_string();
                if let Some(detail) = db.detail() {
                    text.push_str(&format!(" ({detail})"));
                }
                if let Some(hint) = db.hint() {
                    text.push_str(&format!("; hint: {hint}"));
                }
                text
            }
            None => vitals_core::error_chain(e),
        };
        self.secrets
            .iter()
            .fold(text, |text, secret| text.replace(secret.as_str(), "****"))
    }
}

/// The password of a `postgresql://user:password@…` URL or a `password=…` pair, if any, to
/// be masked even where the string could not be parsed.
fn password_in(url: &str) -> Option<String> {
    if let Some(rest) = url
        .strip_prefix("postgresql://")
        .or_else(|| url.strip_prefix("postgres://"))
    {
        let authority = rest.split(['/', '?']).next().unwrap_or("");
        let userinfo = authority.rsplit_once('@')?.0;
        return userinfo
            .split_once(':')
            .map(|(_, p)| p.to_string())
            .filter(|p| !p.is_empty());
    }
    url.split_whitespace()
        .find_map(|pair| pair.strip_prefix("password="))
        .map(|p| p.trim_matches('\'').to_string())
        .filter(|p| !p.is_empty())
}

/// A table name vitals puts into SQL: `table` or `schema.table`, each part a plain
/// identifier or a double-quoted one.
fn check_table_name(table: &str) -> Result<(), String> {
    let plain = |part: &str| {
        part.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && part
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    };
    let quoted = |part: &str| {
        part.len() >= 2
            && part.starts_with('"')
            && part.ends_with('"')
            && !part[1..part.len() - 1].contains('"')
    };
    let parts: Vec<&str> = table.split('.').collect();
    if parts.len() <= 3 && parts.iter().all(|p| plain(p) || quoted(p)) {
        Ok(())
    } else {
        Err(format!(
            "`{table}` is not a table name (`table` or `schema.table`); to read anything else, write `query = \"SELECT …\"`"
        ))
    }
}

/// `name` as a quoted SQL identifier.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// How to make a column of the wrong type readable.
fn cast_hint(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Str => "; cast it in a query (`col::text`)",
        ColumnType::Ts => "; use timestamptz, timestamp, date or text, or cast it in a query",
        ColumnType::Date => "; use date, timestamp or text, or cast it in a query",
        ColumnType::Dec => "; use numeric, an integer type or text, or cast it in a query",
        ColumnType::Int => "; use an integer type or text, or cast it in a query",
        ColumnType::Bool => "; use boolean or text, or cast it in a query",
    }
}

/// How the values of one PostgreSQL column become cells of one contract column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoder {
    /// text, varchar, char, name, enums, citext: the text, parsed as a CSV cell.
    Text,
    /// int2, int4, int8 (by width): whole numbers, typed for `int` and `dec` columns,
    /// their digits for text and `bool` columns.
    Int(u8),
    /// numeric: spelt out as decimal text.
    Numeric,
    /// float4 or float8 (by width): the shortest decimal text that reads back as the same
    /// number; NaN and infinities are errors.
    Float(u8),
    /// boolean.
    Bool,
    /// date.
    Date,
    /// timestamp or timestamptz: an instant (a timestamp without a time zone is read as UTC).
    Timestamp,
    /// uuid: its hyphenated text.
    Uuid,
}

/// One decoded value, its text (if any) kept in a buffer of the reader's.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Decoded {
    Null,
    /// The text is in the column's buffer.
    Text,
    Int(i64),
    /// A whole number in a `dec` column, scaled.
    Dec(i128),
    Bool(bool),
    Time(i64),
    /// Infinity, NaN: named.
    Unusable(&'static str),
    /// Bytes that are not what the type promises.
    Broken(&'static str),
}

impl Decoded {
    fn cell<'a>(&self, text: &'a str) -> Cell<'a> {
        match *self {
            Decoded::Null => Cell::Null,
            Decoded::Text => Cell::Text(text),
            Decoded::Int(v) => Cell::Int(v),
            Decoded::Dec(v) => Cell::Dec(v),
            Decoded::Bool(b) => Cell::Bool(b),
            Decoded::Time(t) => Cell::Time(t),
            Decoded::Unusable(what) | Decoded::Broken(what) => Cell::Unusable(what),
        }
    }
}

impl Decoder {
    /// The decoder for PostgreSQL type `ty` into contract type `want`, `None` when the type
    /// cannot hold the contract's values.
    fn for_column(want: ColumnType, ty: &Type) -> Option<Decoder> {
        let decoder = Decoder::of(ty)?;
        let fits = match want {
            ColumnType::Str => matches!(
                decoder,
                Decoder::Text | Decoder::Int(_) | Decoder::Numeric | Decoder::Uuid
            ),
            ColumnType::Ts | ColumnType::Date => {
                matches!(decoder, Decoder::Text | Decoder::Date | Decoder::Timestamp)
            }
            ColumnType::Dec | ColumnType::Int => matches!(
                decoder,
                Decoder::Text | Decoder::Int(_) | Decoder::Numeric | Decoder::Float(_)
            ),
            ColumnType::Bool => matches!(decoder, Decoder::Text | Decoder::Bool | Decoder::Int(_)),
        };
        fits.then_some(decoder)
    }

    /// The decoder of a PostgreSQL type, whatever the contract column.
    fn of(ty: &Type) -> Option<Decoder> {
        match ty.kind() {
            Kind::Enum(_) => return Some(Decoder::Text),
            Kind::Domain(inner) => return Decoder::of(inner),
            _ => {}
        }
        Some(match *ty {
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => Decoder::Text,
            Type::INT2 => Decoder::Int(2),
            Type::INT4 => Decoder::Int(4),
            Type::INT8 => Decoder::Int(8),
            Type::NUMERIC => Decoder::Numeric,
            Type::FLOAT4 => Decoder::Float(4),
            Type::FLOAT8 => Decoder::Float(8),
            Type::BOOL => Decoder::Bool,
            Type::DATE => Decoder::Date,
            Type::TIMESTAMP | Type::TIMESTAMPTZ => Decoder::Timestamp,
            Type::UUID => Decoder::Uuid,
            _ if ty.name() == "citext" => Decoder::Text,
            _ => return None,
        })
    }

    /// Decodes one non-NULL value for a column of contract type `want`; text goes into
    /// `text`.
    fn decode(self, bytes: &[u8], want: ColumnType, text: &mut String) -> Decoded {
        const BROKEN: Decoded = Decoded::Broken("bytes that do not match the column's type");
        text.clear();
        match self {
            Decoder::Text => match std::str::from_utf8(bytes) {
                Ok(s) => {
                    text.push_str(s);
                    Decoded::Text
                }
                Err(_) => Decoded::Broken("text that is not valid UTF-8"),
            },
            Decoder::Int(width) => {
                let value = match (width, bytes) {
                    (2, &[a, b]) => i64::from(i16::from_be_bytes([a, b])),
                    (4, &[a, b, c, d]) => i64::from(i32::from_be_bytes([a, b, c, d])),
                    (8, b) if b.len() == 8 => i64::from_be_bytes(b.try_into().unwrap_or([0; 8])),
                    _ => return BROKEN,
                };
                match want {
                    ColumnType::Int => Decoded::Int(value),
                    ColumnType::Dec => Decoded::Dec(i128::from(value) * 10i128.pow(DEC_SCALE)),
                    _ => {
                        text.push_str(&value.to_string());
                        Decoded::Text
                    }
                }
            }
            Decoder::Numeric => match numeric_text(bytes, text) {
                Ok(()) => Decoded::Text,
                Err(decoded) => decoded,
            },
            Decoder::Float(width) => {
                let value = match (width, bytes.len()) {
                    (4, 4) => f64::from(f32::from_be_bytes(bytes.try_into().unwrap_or([0; 4]))),
                    (8, 8) => f64::from_be_bytes(bytes.try_into().unwrap_or([0; 8])),
                    _ => return BROKEN,
                };
                if value.is_nan() {
                    return Decoded::Unusable("NaN");
                }
                if value.is_infinite() {
                    return Decoded::Unusable(if value > 0.0 { "infinity" } else { "-infinity" });
                }
                // A float4 is spelt by its own shortest text (0.1, not 0.100000001…).
                if width == 4 {
                    text.push_str(&(value as f32).to_string());
                } else {
                    text.push_str(&value.to_string());
                }
                Decoded::Text
            }
            Decoder::Bool => match bytes {
                [b] => Decoded::Bool(*b != 0),
                _ => BROKEN,
            },
            Decoder::Date => match <[u8; 4]>::try_from(bytes) {
                Ok(b) => match i32::from_be_bytes(b) {
                    i32::MAX => Decoded::Unusable("infinity"),
                    i32::MIN => Decoded::Unusable("-infinity"),
                    days => Decoded::Time((i64::from(days) + PG_EPOCH_DAYS) * DAY_MICROS),
                },
                Err(_) => BROKEN,
            },
            Decoder::Timestamp => match <[u8; 8]>::try_from(bytes) {
                Ok(b) => match i64::from_be_bytes(b) {
                    i64::MAX => Decoded::Unusable("infinity"),
                    i64::MIN => Decoded::Unusable("-infinity"),
                    micros => match micros.checked_add(PG_EPOCH_MICROS) {
                        Some(t) => Decoded::Time(t),
                        None => Decoded::Unusable("a time out of range"),
                    },
                },
                Err(_) => BROKEN,
            },
            Decoder::Uuid => match <[u8; 16]>::try_from(bytes) {
                Ok(b) => {
                    for (i, byte) in b.iter().enumerate() {
                        if matches!(i, 4 | 6 | 8 | 10) {
                            text.push('-');
                        }
                        text.push_str(&format!("{byte:02x}"));
                    }
                    Decoded::Text
                }
                Err(_) => BROKEN,
            },
        }
    }
}

/// Spells a binary `numeric` as decimal text into `text` (exactly, every digit the value
/// has); NaN and infinities are named instead.
///
/// The format: `ndigits`, `weight`, `sign`, `dscale` (each 16 bits), then `ndigits` base-10000
/// digits, the first worth `10000^weight`.
fn numeric_text(bytes: &[u8], text: &mut String) -> Result<(), Decoded> {
    const BROKEN: Decoded = Decoded::Broken("bytes that do not match the column's type");
    let word = |i: usize| -> Option<u16> {
        Some(u16::from_be_bytes([
            *bytes.get(2 * i)?,
            *bytes.get(2 * i + 1)?,
        ]))
    };
    let (Some(ndigits), Some(weight), Some(sign), Some(dscale)) =
        (word(0), word(1), word(2), word(3))
    else {
        return Err(BROKEN);
    };
    let weight = i32::from(weight as i16);
    match sign {
        0x0000 | 0x4000 => {}
        0xC000 => return Err(Decoded::Unusable("NaN")),
        0xD000 => return Err(Decoded::Unusable("infinity")),
        0xF000 => return Err(Decoded::Unusable("-infinity")),
        _ => return Err(BROKEN),
    }
    let ndigits = usize::from(ndigits);
    if bytes.len() != 8 + 2 * ndigits {
        return Err(BROKEN);
    }
    let mut digits = Vec::with_capacity(ndigits);
    for i in 0..ndigits {
        match word(4 + i) {
            Some(d) if d < 10_000 => digits.push(d),
            _ => return Err(BROKEN),
        }
    }
    let digit = |position: i32| -> u16 {
        usize::try_from(position)
            .ok()
            .and_then(|p| digits.get(p).copied())
            .unwrap_or(0)
    };
    if sign == 0x4000 && digits.iter().any(|&d| d != 0) {
        text.push('-');
    }
    if weight < 0 {
        text.push('0');
    } else {
        text.push_str(&digit(0).to_string());
        for position in 1..=weight {
            text.push_str(&format!("{:04}", digit(position)));
        }
    }
    let mut fraction = String::new();
    let last = i32::try_from(ndigits).unwrap_or(i32::MAX) - 1;
    for position in (weight + 1)..=last {
        fraction.push_str(&format!("{:04}", digit(position)));
    }
    let trimmed = fraction.trim_end_matches('0');
    if !trimmed.is_empty() {
        text.push('.');
        text.push_str(trimmed);
    }
    let _ = dscale;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The binary `numeric` of the given base-10000 digits.
    fn numeric(weight: i16, sign: u16, dscale: u16, digits: &[u16]) -> Vec<u8> {
        let mut out = Vec::new();
        for w in [digits.len() as u16, weight as u16, sign, dscale]
            .into_iter()
            .chain(digits.iter().copied())
        {
            out.extend_from_slice(&w.to_be_bytes());
        }
        out
    }

    fn spell(bytes: &[u8]) -> Result<String, Decoded> {
        let mut text = String::new();
        numeric_text(bytes, &mut text).map(|()| text)
    }

    #[test]
    fn numerics_are_spelt_exactly() {
        // 12345.678: digits 1|2345|6780, weight 1.
        assert_eq!(
            spell(&numeric(1, 0, 3, &[1, 2345, 6780])).as_deref(),
            Ok("12345.678")
        );
        // -0.00012: digits 1|2000, the first worth 10000^-1.
        assert_eq!(
            spell(&numeric(-1, 0x4000, 5, &[1, 2000])).as_deref(),
            Ok("-0.00012")
        );
        // 10000 (trailing zero digits are not sent): digit 1, weight 1.
        assert_eq!(spell(&numeric(1, 0, 0, &[1])).as_deref(), Ok("10000"));
        // 0 and 0.00.
        assert_eq!(spell(&numeric(0, 0, 0, &[])).as_deref(), Ok("0"));
        assert_eq!(spell(&numeric(0, 0, 2, &[])).as_deref(), Ok("0"));
        // 30 significant digits survive: 123456789012345678901234567890.
        let big = numeric(7, 0, 0, &[12, 3456, 7890, 1234, 5678, 9012, 3456, 7890]);
        assert_eq!(spell(&big).as_deref(), Ok("123456789012345678901234567890"));
        // 0.1 + 0.2 = 0.3 exactly: digit 3000 at weight -1.
        assert_eq!(spell(&numeric(-1, 0, 1, &[3000])).as_deref(), Ok("0.3"));
    }

    #[test]
    fn numeric_nan_and_infinities_are_named_and_broken_bytes_refused() {
        assert_eq!(
            spell(&numeric(0, 0xC000, 0, &[])),
            Err(Decoded::Unusable("NaN"))
        );
        assert_eq!(
            spell(&numeric(0, 0xD000, 0, &[])),
            Err(Decoded::Unusable("infinity"))
        );
        assert_eq!(
            spell(&numeric(0, 0xF000, 0, &[])),
            Err(Decoded::Unusable("-infinity"))
        );
        assert!(matches!(spell(&[0, 1, 0]), Err(Decoded::Broken(_))));
        assert!(matches!(
            spell(&numeric(0, 0, 0, &[10_000])),
            Err(Decoded::Broken(_))
        ));
    }

    #[test]
    fn times_count_from_postgres_epoch_and_infinities_are_named() {
        let mut text = String::new();
        // 2000-01-02 is day 1 of PostgreSQL's epoch, day 10958 of Unix's.
        assert_eq!(
            Decoder::Date.decode(&1i32.to_be_bytes(), ColumnType::Ts, &mut text),
            Decoded::Time(10_958 * DAY_MICROS)
        );
        assert_eq!(
            Decoder::Timestamp.decode(&0i64.to_be_bytes(), ColumnType::Ts, &mut text),
            Decoded::Time(PG_EPOCH_MICROS)
        );
        assert_eq!(
            Decoder::Timestamp.decode(&i64::MAX.to_be_bytes(), ColumnType::Ts, &mut text),
            Decoded::Unusable("infinity")
        );
        assert_eq!(
            Decoder::Date.decode(&i32::MIN.to_be_bytes(), ColumnType::Ts, &mut text),
            Decoded::Unusable("-infinity")
        );
    }

    #[test]
    fn floats_are_their_shortest_text_and_nan_is_refused() {
        let mut text = String::new();
        assert_eq!(
            Decoder::Float(8).decode(&0.1f64.to_be_bytes(), ColumnType::Dec, &mut text),
            Decoded::Text
        );
        assert_eq!(text, "0.1");
        assert_eq!(
            Decoder::Float(4).decode(&0.1f32.to_be_bytes(), ColumnType::Dec, &mut text),
            Decoded::Text
        );
        assert_eq!(text, "0.1");
        assert_eq!(
            Decoder::Float(8).decode(&f64::NAN.to_be_bytes(), ColumnType::Dec, &mut text),
            Decoded::Unusable("NaN")
        );
        assert_eq!(
            Decoder::Float(4).decode(&f32::NEG_INFINITY.to_be_bytes(), ColumnType::Dec, &mut text),
            Decoded::Unusable("-infinity")
        );
    }

    #[test]
    fn uuids_are_hyphenated_text() {
        let mut text = String::new();
        let bytes: Vec<u8> = (0u8..16).collect();
        assert_eq!(
            Decoder::Uuid.decode(&bytes, ColumnType::Str, &mut text),
            Decoded::Text
        );
        assert_eq!(text, "00010203-0405-0607-0809-0a0b0c0d0e0f");
    }

    #[test]
    fn contract_types_take_only_the_postgres_types_that_hold_their_values() {
        assert_eq!(
            Decoder::for_column(ColumnType::Dec, &Type::NUMERIC),
            Some(Decoder::Numeric)
        );
        assert_eq!(Decoder::for_column(ColumnType::Ts, &Type::INTERVAL), None);
        assert_eq!(Decoder::for_column(ColumnType::Ts, &Type::INT8), None);
        assert_eq!(
            Decoder::for_column(ColumnType::Str, &Type::INT8),
            Some(Decoder::Int(8))
        );
        assert_eq!(Decoder::for_column(ColumnType::Dec, &Type::MONEY), None);
        assert_eq!(Decoder::for_column(ColumnType::Str, &Type::JSONB), None);
        assert_eq!(
            Decoder::for_column(ColumnType::Bool, &Type::BOOL),
            Some(Decoder::Bool)
        );
    }

    #[test]
    fn passwords_are_found_to_be_masked() {
        assert_eq!(
            password_in("postgresql://ann:s3cr%t@db:5432/shop").as_deref(),
            Some("s3cr%t")
        );
        assert_eq!(password_in("postgres://ann@db/shop"), None);
        assert_eq!(
            password_in("host=db user=ann password=hunter22 dbname=shop").as_deref(),
            Some("hunter22")
        );
    }

    #[test]
    fn table_names_are_identifiers() {
        assert!(check_table_name("public.orders").is_ok());
        assert!(check_table_name("orders").is_ok());
        assert!(check_table_name("\"Sales\".\"Orders 2026\"").is_ok());
        let err = check_table_name("orders; DROP TABLE orders").unwrap_err();
        assert!(err.contains("query = "), "{err}");
        assert!(check_table_name("public.").is_err());
    }
}
