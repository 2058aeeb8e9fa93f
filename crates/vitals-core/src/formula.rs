//! Arithmetic over metric ids, for declared `formula` metrics: `+ - * /` (also `×` and `÷`),
//! parentheses, decimal numbers and metric ids, evaluated period by period with `Decimal`.

use crate::{Decimal, Series};
use std::fmt;

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A decimal constant.
    Number(Decimal),
    /// The value of a metric in the same period.
    Metric(String),
    /// `-x`.
    Neg(Box<Expr>),
    /// `a op b`.
    Binary(Box<Expr>, Op, Box<Expr>),
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*` or `×`
    Mul,
    /// `/` or `÷`
    Div,
}

/// A syntax error with its character position (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaError {
    /// Character position, from 1.
    pub position: usize,
    /// What was expected.
    pub message: String,
}

impl fmt::Display for FormulaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.position, self.message)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(Decimal),
    Ident(String),
    Op(char),
    Open,
    Close,
}

fn tokenize(text: &str) -> Result<Vec<(usize, Token)>, FormulaError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let pos = i + 1;
        match c {
            ' ' | '\t' | '\n' => i += 1,
            '+' | '-' | '*' | '/' | '×' | '÷' | '−' => {
                let op = match c {
                    '×' => '*',
                    '÷' => '/',
                    '−' => '-',
                    c => c,
                };
                out.push((pos, Token::Op(op)));
                i += 1;
            }
            '(' => {
                out.push((pos, Token::Open));
                i += 1;
            }
            ')' => {
                out.push((pos, Token::Close));
                i += 1;
            }
            c if c.is_ascii_digit() || c == '.' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let s: String = chars[start..i].iter().collect();
                let n = s.parse().map_err(|_| FormulaError {
                    position: pos,
                    message: format!("`{s}` is not a number"),
                })?;
                out.push((pos, Token::Number(n)));
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push((pos, Token::Ident(chars[start..i].iter().collect())));
            }
            c => {
                return Err(FormulaError {
                    position: pos,
                    message: format!("unexpected `{c}`"),
                });
            }
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    at: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|t| &t.1)
    }

    fn pos(&self) -> usize {
        self.tokens.get(self.at).map_or(self.end, |t| t.0)
    }

    fn error<T>(&self, message: &str) -> Result<T, FormulaError> {
        let found = match self.peek() {
            None => "the end".to_string(),
            Some(Token::Number(n)) => format!("`{n}`"),
            Some(Token::Ident(s)) => format!("`{s}`"),
            Some(Token::Op(c)) => format!("`{c}`"),
            Some(Token::Open) => "`(`".to_string(),
            Some(Token::Close) => "`)`".to_string(),
        };
        Err(FormulaError {
            position: self.pos(),
            message: format!("expected {message}, found {found}"),
        })
    }

    fn expr(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.term()?;
        while let Some(Token::Op(c @ ('+' | '-'))) = self.peek() {
            let op = if *c == '+' { Op::Add } else { Op::Sub };
            self.at += 1;
            left = Expr::Binary(Box::new(left), op, Box::new(self.term()?));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.factor()?;
        while let Some(Token::Op(c @ ('*' | '/'))) = self.peek() {
            let op = if *c == '*' { Op::Mul } else { Op::Div };
            self.at += 1;
            left = Expr::Binary(Box::new(left), op, Box::new(self.factor()?));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Expr, FormulaError> {
        match self.peek().cloned() {
            Some(Token::Number(n)) => {
                self.at += 1;
                Ok(Expr::Number(n))
            }
            Some(Token::Ident(s)) => {
                self.at += 1;
                Ok(Expr::Metric(s))
            }
            Some(Token::Op('-')) => {
                self.at += 1;
                Ok(Expr::Neg(Box::new(self.factor()?)))
            }
            Some(Token::Open) => {
                self.at += 1;
                let inner = self.expr()?;
                if self.peek() != Some(&Token::Close) {
                    return self.error("`)`");
                }
                self.at += 1;
                Ok(inner)
            }
            _ => self.error("a number, a metric id or `(`"),
        }
    }
}

impl Expr {
    /// Parses a formula.
    ///
    /// ```
    /// use vitals_core::formula::Expr;
    /// let e = Expr::parse("(mrr - 100) × 12").unwrap();
    /// assert_eq!(e.metrics(), ["mrr"]);
    /// assert_eq!(Expr::parse("mrr +").unwrap_err().to_string(),
    ///            "at character 6: expected a number, a metric id or `(`, found the end");
    /// ```
    pub fn parse(text: &str) -> Result<Expr, FormulaError> {
        let tokens = tokenize(text)?;
        let end = text.chars().count() + 1;
        let mut p = Parser { tokens, at: 0, end };
        let e = p.expr()?;
        if p.at < p.tokens.len() {
            return p.error("an operator or the end");
        }
        Ok(e)
    }

    /// The metric ids the formula reads, in order of first use.
    pub fn metrics(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect(&self, out: &mut Vec<String>) {
        match self {
            Expr::Number(_) => {}
            Expr::Metric(id) => {
                if !out.contains(id) {
                    out.push(id.clone());
                }
            }
            Expr::Neg(e) => e.collect(out),
            Expr::Binary(a, _, b) => {
                a.collect(out);
                b.collect(out);
            }
        }
    }

    /// The value in period `i`; `Err(note)` when an input is undefined or a division is by
    /// zero.
    pub fn eval(
        &self,
        i: usize,
        series: &dyn Fn(&str) -> Option<Series>,
    ) -> Result<Decimal, String> {
        match self {
            Expr::Number(n) => Ok(*n),
            Expr::Metric(id) => {
                let s = series(id).ok_or_else(|| format!("`{id}` has no result"))?;
                let p = s
                    .points
                    .get(i)
                    .ok_or_else(|| format!("`{id}` has no value"))?;
                p.value.ok_or_else(|| {
                    format!(
                        "`{id}` has no value: {}",
                        p.note.as_deref().unwrap_or("undefined")
                    )
                })
            }
            Expr::Neg(e) => Ok(-e.eval(i, series)?),
            Expr::Binary(a, op, b) => {
                let (x, y) = (a.eval(i, series)?, b.eval(i, series)?);
                match op {
                    Op::Add => crate::sum(x, y),
                    Op::Sub => crate::difference(x, y),
                    Op::Mul => crate::product(x, y),
                    Op::Div => crate::quotient(x, y, "division by zero"),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Point;

    fn s(values: &[Option<i64>]) -> Series {
        Series {
            points: values
                .iter()
                .map(|v| Point {
                    period: String::new(),
                    value: v.map(Decimal::from),
                    note: v.is_none().then(|| "no data".into()),
                    flags: Default::default(),
                })
                .collect(),
        }
    }

    #[test]
    fn precedence_parentheses_and_unicode_operators() {
        let a = s(&[Some(10), Some(4), None]);
        let b = s(&[Some(2), Some(0), Some(1)]);
        let get = |id: &str| match id {
            "a" => Some(a.clone()),
            "b" => Some(b.clone()),
            _ => None,
        };
        let e = Expr::parse("a + b × 3 − (a ÷ b) * -1").unwrap();
        assert_eq!(e.metrics(), ["a", "b"]);
        // 10 + 6 + 5 = 21
        assert_eq!(e.eval(0, &get), Ok(Decimal::from(21)));
        assert_eq!(e.eval(1, &get), Err("division by zero".into()));
        assert_eq!(e.eval(2, &get), Err("`a` has no value: no data".into()));
        assert_eq!(
            Expr::parse("0.5 * a").unwrap().eval(0, &get),
            Ok(Decimal::from(5))
        );
    }

    #[test]
    fn syntax_errors_name_the_position() {
        assert_eq!(
            Expr::parse("(a + b").unwrap_err().to_string(),
            "at character 7: expected `)`, found the end"
        );
        assert_eq!(
            Expr::parse("a b").unwrap_err().to_string(),
            "at character 3: expected an operator or the end, found `b`"
        );
        assert_eq!(
            Expr::parse("a % b").unwrap_err().to_string(),
            "at character 3: unexpected `%`"
        );
    }
}
