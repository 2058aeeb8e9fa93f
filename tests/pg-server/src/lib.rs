//! A throw-away PostgreSQL server for tests: `initdb` in a temporary folder, run as the
//! `postgres` user when the tests run as root (PostgreSQL refuses root), listening on
//! 127.0.0.1 and a free port only, with password authentication; stopped and removed when
//! dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The superuser's password of every test server.
pub const PASSWORD: &str = "vitals-test-secret";

/// A running server.
pub struct Postgres {
    root: tempfile::TempDir,
    bin: PathBuf,
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
    as_postgres: bool,
}

/// A port free on 127.0.0.1 now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The folder of PostgreSQL's server programs: Debian's newest
/// `/usr/lib/postgresql/N/bin`, else the folder of `initdb` on the PATH.
fn server_bin() -> Result<PathBuf, String> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .find(|dir| dir.join("initdb").exists() && dir.join("pg_ctl").exists())
        .ok_or_else(|| {
            "PostgreSQL's server programs (initdb, pg_ctl) are not installed: `apt-get install postgresql` (.ci/run does)".to_string()
        })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Runs `command`, failing the test with its output unless it succeeds within `limit`.
fn run_checked(mut command: Command, what: &str, limit: Duration) -> Output {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    let output = wait_bounded(child, limit).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Waits for `child` for at most `limit`, killing it past that.
pub fn wait_bounded(mut child: std::process::Child, limit: Duration) -> Result<Output, String> {
    let start = Instant::now();
    // Drained on threads, so that a child writing much is never blocked on a full pipe.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return Ok(Output {
                    status,
                    stdout: out.join().unwrap_or_default(),
                    stderr: err.join().unwrap_or_default(),
                });
            }
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("still running after {} s: killed", limit.as_secs()));
            }
            Err(e) => return Err(e.to_string()),
        }
    }
}

impl Postgres {
    /// Initialises and starts a server; panics (failing the test) with the reason when it
    /// cannot.
    pub fn start() -> Postgres {
        let bin = server_bin().unwrap_or_else(|e| panic!("{e}"));
        let root = tempfile::tempdir().expect("a temporary folder");
        let as_postgres = is_root();
        let server = Postgres {
            root,
            bin,
            port: free_port(),
            as_postgres,
        };
        std::fs::write(server.root.path().join("pw"), PASSWORD).expect("write the password file");
        if as_postgres {
            run_checked(
                {
                    let mut c = Command::new("chown");
                    c.args(["-R", "postgres:"]).arg(server.root.path());
                    c
                },
                "chown the server's folder to postgres",
                Duration::from_secs(20),
            );
        }
        let data = server.data();
        let pwfile = server.root.path().join("pw");
        run_checked(
            server.server_command(
                "initdb",
                &[
                    "-D",
                    path_str(&data),
                    "-U",
                    "postgres",
                    "--auth=scram-sha-256",
                    "--pwfile",
                    path_str(&pwfile),
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync",
                ],
            ),
            "initdb",
            Duration::from_secs(120),
        );
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -c unix_socket_directories='{}' -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            server.port,
            path_str(server.root.path())
        );
        let log = server.root.path().join("log");
        run_checked(
            server.server_command(
                "pg_ctl",
                &[
                    "-D",
                    path_str(&data),
                    "-o",
                    &options,
                    "-l",
                    path_str(&log),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ],
            ),
            "pg_ctl start",
            Duration::from_secs(90),
        );
        server
    }

    fn data(&self) -> PathBuf {
        self.root.path().join("data")
    }

    /// `program` of the server's folder with `args`, as the `postgres` user when root.
    fn server_command(&self, program: &str, args: &[&str]) -> Command {
        let exe = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        };
        command.args(args).current_dir(self.root.path());
        command
    }

    /// The connection string of the superuser, with `password`.
    pub fn url_with_password(&self, password: &str) -> String {
        format!(
            "postgresql://postgres:{password}@127.0.0.1:{}/postgres",
            self.port
        )
    }

    /// The superuser's connection string.
    pub fn url(&self) -> String {
        self.url_with_password(PASSWORD)
    }

    /// Runs `sql` with psql (stopping at the first error), in UTC; psql's `\copy` reads
    /// files as this process's user.
    pub fn psql(&self, sql: &str) -> String {
        let script = self.root.path().join(format!("script-{}.sql", free_port()));
        std::fs::write(&script, sql).expect("write the SQL script");
        let mut c = Command::new(self.bin.join("psql"));
        c.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d"])
            .arg(self.url())
            .arg("-f")
            .arg(&script)
            .env("PGTZ", "UTC");
        let output = run_checked(c, "psql", Duration::from_secs(1800));
        let _ = std::fs::remove_file(&script);
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The server's log, for a failing test's message.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.root.path().join("log")).unwrap_or_default()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.data();
        let mut stop = self.server_command(
            "pg_ctl",
            &["-D", path_str(&data), "-m", "immediate", "-t", "30", "stop"],
        );
        stop.stdout(Stdio::null()).stderr(Stdio::null());
        if let Ok(child) = stop.spawn() {
            let _ = wait_bounded(child, Duration::from_secs(40));
        }
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}
