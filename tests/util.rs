//! A temporary corpus and index, and a way to run the binary against them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A temporary folder with `corpus/` and `index/` inside.
pub struct TestEnv {
    dir: tempfile::TempDir,
}

/// What a run of the binary printed and returned.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// The ids of the hits of a `--format json` search.
    pub fn ids(&self) -> Vec<String> {
        self.json()["hits"]
            .as_array()
            .expect("hits is an array")
            .iter()
            .map(|h| h["id"].as_str().expect("id is a string").to_string())
            .collect()
    }
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let env = TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        std::fs::create_dir_all(env.corpus()).expect("corpus dir");
        env
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// Writes a corpus file (creating folders).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.corpus().join(rel);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(&path, contents).expect("write");
        path
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.corpus().join(rel)).expect("remove");
    }

    /// Runs `milpress ARGS` with this env's index.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.dir.path(), &self.index(), args)
    }

    /// `milpress index` over this env's corpus.
    pub fn index_corpus(&self, extra: &[&str]) -> Run {
        let corpus = self.corpus();
        let mut args = vec!["index", corpus.to_str().expect("utf-8 path")];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// `milpress search --format json ARGS`.
    pub fn search(&self, args: &[&str]) -> Run {
        let mut all = vec!["search", "--format", "json"];
        all.extend_from_slice(args);
        self.run(&all)
    }
}

/// Runs the binary in `cwd` against `index`.
pub fn run_in(cwd: &Path, index: &Path, args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_milpress"))
        .args(args)
        .current_dir(cwd)
        .env("MILPRESS_INDEX", index)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The project's root.
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared real corpus, when this machine has it. Without it, the calling test says on
/// stderr that it skipped (written past the test harness's capture, so a run shows it).
pub fn shared_corpus() -> Option<PathBuf> {
    let path = project_root().join("../shared/corpus");
    if path.join("pla-watch-2026-05.jsonl").is_file() {
        return Some(path);
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {test}: needs the shared corpus at {}",
        path.display()
    );
    None
}
