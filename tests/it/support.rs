//! What the web-server tests share: a temp corpus and its index built by the real binary, a real
//! `newsdex serve` process on a free port (port 0; the URL is read from its stderr), and a small
//! HTTP/1.1 client over a plain socket, so tests can send exactly the bytes they mean (paths with
//! `..`, huge query strings, odd Host headers) that a URL-normalising client would change.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::Workdir;

/// The seed article of the shipped corpus.
pub const SEED: &str = "2009/01/000_88a2c8552096e24a.txt";

/// The binary under test.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_newsdex"));
    c.env_remove("NEWSDEX_INDEX").env("NO_COLOR", "1");
    c
}

/// A [`Workdir`] holding a copy of the shipped corpus plus extra files, indexed.
pub struct Fixture {
    pub work: Workdir,
}

impl Fixture {
    /// The shipped corpus plus `extra` (relative path, contents), indexed.
    pub fn shipped_with(extra: &[(&str, &str)]) -> Fixture {
        let work = Workdir::with_copies(&["corpus"]);
        for (rel, text) in extra {
            work.write(rel, text);
        }
        let f = Fixture { work };
        f.reindex();
        f
    }

    pub fn index(&self) -> PathBuf {
        self.work.index_dir()
    }

    /// Runs `newsdex index` on the corpus.
    pub fn reindex(&self) {
        let out = self.cli(&["index", "-q", self.work.corpus().to_str().unwrap()]);
        assert!(out.status.success(), "index failed: {out:?}");
    }

    /// Runs the CLI on this index.
    pub fn cli(&self, args: &[&str]) -> Output {
        bin()
            .current_dir(self.work.dir.path())
            .arg("--index")
            .arg(self.index())
            .args(args)
            .output()
            .unwrap()
    }

    /// The CLI's `--json` lines for `args`, parsed.
    pub fn cli_json(&self, args: &[&str]) -> Vec<Value> {
        let out = self.cli(args);
        assert!(out.status.code() != Some(2), "{args:?}: {out:?}");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

/// A running `newsdex serve`, stopped (SIGKILL) when dropped.
pub struct Server {
    pub child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Every stderr line so far.
    pub stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `newsdex --index INDEX serve --addr 127.0.0.1:0 EXTRA…` and waits for its URL.
    pub fn start(index: &Path, extra: &[&str]) -> Server {
        let mut child = bin()
            .arg("--index")
            .arg(index)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let lines = BufReader::new(child.stderr.take().unwrap());
        let keep = stderr.clone();
        std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://") {
                    let url = line[at..]
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_string();
                    let _ = tx.send(url);
                }
                keep.lock().unwrap().push(line);
            }
        });
        let base = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "serve did not announce its URL: {:?}",
                    stderr.lock().unwrap()
                );
            }
        };
        let addr = base.trim_start_matches("http://").to_string();
        Server {
            child,
            addr,
            base,
            stderr,
        }
    }

    /// `GET target` with a Host header naming this server.
    pub fn get(&self, target: &str) -> Response {
        self.send(&format!(
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        ))
    }

    /// `GET target`, the body parsed as JSON; panics unless the status is `status`.
    pub fn json(&self, target: &str, status: u16) -> Value {
        let r = self.get(target);
        assert_eq!(r.status, status, "{target}: {}", r.text());
        assert_eq!(
            r.header("content-type"),
            Some("application/json"),
            "{target}"
        );
        serde_json::from_slice(&r.body).unwrap()
    }

    /// Sends raw request bytes and reads the whole answer.
    pub fn send(&self, request: &str) -> Response {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        Response::parse(&raw)
    }

    /// Sends a signal and waits (at most `limit`) for the process to end; its exit code and how
    /// long it took.
    #[cfg(unix)]
    pub fn stop_with(&mut self, signal: i32, limit: Duration) -> (Option<i32>, Duration) {
        let t = Instant::now();
        unsafe_kill(self.child.id(), signal);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status.code(), t.elapsed());
            }
            if t.elapsed() > limit {
                return (None, t.elapsed());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `signal` to `pid` with the `kill` command (the tests have no libc binding of their own).
#[cfg(unix)]
fn unsafe_kill(pid: u32, signal: i32) {
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        let chunked = headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
        if chunked {
            body = dechunk(&body);
        }
        Response {
            status,
            headers,
            body,
        }
    }

    /// A header's value (names are compared lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
}
