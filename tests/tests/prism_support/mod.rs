//! Stoplight Prism for the client tests: a tool we did not write serves a
//! spec as a mock validating every request against it (`--errors`); a
//! request breaking the contract is answered with an error status and an
//! `sl-violations` header, which [`Violations`] collects.
#![allow(dead_code)] // each test binary uses a different subset

use std::io::Write;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use specforge_runtime::client::{BoxError, Client, ClientBuilder, Hook};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Prism, when Node.js and the pinned Prism are installed.
pub fn prism_command() -> Result<PathBuf, String> {
    let prism = root().join("tests/prism/node_modules/.bin/prism");
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .status();
    if !node.is_ok_and(|status| status.success()) {
        return Err("Node.js is not installed".into());
    }
    if !prism.exists() {
        return Err(format!(
            "Prism is not installed at {} (run `npm ci --prefix tests/prism`)",
            prism.display()
        ));
    }
    Ok(prism)
}

/// A running `prism mock`, stopped when dropped.
pub struct Prism {
    child: Child,
    /// Where it listens.
    pub url: String,
}

impl Prism {
    /// Starts `prism mock --errors` on `spec` (relative to the repository).
    pub fn start(prism: &Path, spec: &str) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = std::env::temp_dir().join(format!("prism-{port}.log"));
        let child = Command::new(prism)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg("--errors")
            .arg(root().join(spec))
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("prism starts");
        let mut prism = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = prism.child.try_wait() {
                panic!("prism exited with {status}; see {}", log.display());
            }
            assert!(
                started.elapsed() < Duration::from_secs(90),
                "prism did not start listening; see {}",
                log.display()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        prism
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Collects the violations Prism reports, per request.
#[derive(Clone, Default)]
pub struct Violations(pub Arc<Mutex<Vec<String>>>);

impl Hook for Violations {
    fn on_request(&self, _request: &mut reqwest::Request) -> Result<(), BoxError> {
        Ok(())
    }

    fn on_response(&self, response: &mut reqwest::Response) {
        if let Some(violations) = response.headers().get("sl-violations") {
            self.0.lock().unwrap().push(format!(
                "{} {}: {}",
                response.status(),
                response.url().path(),
                violations.to_str().unwrap_or("?")
            ));
        }
    }
}

/// Whether Prism's `sl-violations` header reports violations, all of the
/// response (none of the request).
pub fn only_response_violations(headers: &reqwest::header::HeaderMap) -> bool {
    let Some(header) = headers.get("sl-violations") else {
        return false;
    };
    let violations: Vec<serde_json::Value> = header
        .to_str()
        .ok()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default();
    !violations.is_empty()
        && violations
            .iter()
            .all(|violation| violation["location"][0] == "response")
}

/// Prism mocking `spec` (relative to the repository), and a client of it
/// from `builder` sending the bearer `token` and collecting the violations
/// Prism reports; `None` when the test is skipped (see [`prism_or_skip`]).
pub fn mock_and_client<C: From<Client>>(
    test: &str,
    spec: &str,
    builder: impl FnOnce(String) -> ClientBuilder<C>,
    token: &str,
) -> Option<(Prism, C, Violations)> {
    let prism = Prism::start(&prism_or_skip(test)?, spec);
    let violations = Violations::default();
    let client = builder(prism.url.clone())
        .bearer_token(token)
        .hook(violations.clone())
        .build()
        .unwrap();
    Some((prism, client, violations))
}

/// Prism's path, or `None` after saying why the test is skipped; panics
/// when `PRISM_REQUIRED` is set and Prism is missing.
pub fn prism_or_skip(test: &str) -> Option<PathBuf> {
    match prism_command() {
        Ok(prism) => Some(prism),
        Err(reason) if std::env::var_os("PRISM_REQUIRED").is_none() => {
            // Straight to stderr, past the test harness's capture.
            let _ = writeln!(std::io::stderr(), "{test}: SKIPPED, {reason}");
            None
        }
        Err(reason) => panic!("PRISM_REQUIRED is set but {reason}"),
    }
}
