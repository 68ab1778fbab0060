//! Crash safety and concurrency: a killed indexer, two indexers at once, a search during
//! indexing, a damaged index.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::TestEnv;

/// A corpus big enough that indexing it takes a while.
fn big_env(files: usize) -> TestEnv {
    let env = TestEnv::new();
    for i in 0..files {
        env.write(
            &format!("batch{}/release-{i}.txt", i % 10),
            format!(
                "Release {i} on naval escort\nQuestion: What did task force {i} do?\nWu Qian: Task force {i} escorted merchant ships through the Gulf of Aden and held drill number {i}.\n"
            ),
        );
    }
    env
}

fn spawn_index(env: &TestEnv, extra: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_milpress"))
        .arg("index")
        .arg(env.corpus())
        .args(extra)
        .env("MILPRESS_INDEX", env.index())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the indexer starts")
}

fn total(env: &TestEnv) -> u64 {
    let run = env.search(&["--limit", "0"]);
    run.json()["total"].as_u64().expect("total")
}

#[test]
fn a_killed_indexer_leaves_a_usable_index_and_the_next_run_completes_it() {
    let env = big_env(3000);
    let mut child = spawn_index(&env, &["--commit-every", "200"]);
    // Wait for the first commit, then kill the indexer mid-run.
    let started = Instant::now();
    while !env.index().join("meta.json").exists() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(300));
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");

    // The index opens and answers from its last commit.
    let run = env.search(&["escort"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let partial = run.json()["total"].as_u64().unwrap();
    assert!(partial <= 3000);

    // The next run completes it, with no stale lock in the way and nothing counted twice.
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(total(&env), 3000);
    assert_eq!(
        env.search(&["\"task force 1234\""]).ids(),
        ["batch4/release-1234.txt"]
    );
}

#[test]
fn a_second_indexer_fails_at_once_and_search_answers_meanwhile() {
    let env = big_env(4000);
    assert_eq!(env.index_corpus(&["--commit-every", "500"]).code, 0);
    // Touch every file so the next run reads them all again, slowly enough to overlap.
    std::thread::sleep(Duration::from_millis(20));
    for i in 0..4000 {
        env.write(
            &format!("batch{}/release-{i}.txt", i % 10),
            format!("Release {i} revised\nThe task force {i} returned to port.\n"),
        );
    }
    let mut first = spawn_index(&env, &["--commit-every", "500"]);
    std::thread::sleep(Duration::from_millis(200));
    let second = env.index_corpus(&[]);
    let search = env.search(&["task"]);
    let still_running = first.try_wait().expect("status").is_none();
    let first_status = first.wait().expect("reaped");
    assert!(first_status.success());
    assert!(
        search.code == 0,
        "a search during indexing answers: {}",
        search.stderr
    );
    if still_running {
        assert_eq!(second.code, 2, "{}", second.stderr);
        assert!(
            second
                .stderr
                .contains("being written by another milpress process"),
            "{}",
            second.stderr
        );
    }
    assert_eq!(total(&env), 4000);
}

#[test]
fn a_damaged_index_says_to_rebuild() {
    let env = TestEnv::new();
    env.write("a.txt", "Title\nThe navy held a drill.\n");
    assert_eq!(env.index_corpus(&[]).code, 0);
    std::fs::write(env.index().join("meta.json"), "{ not json").unwrap();
    let run = env.search(&["drill"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--rebuild"), "{}", run.stderr);
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--rebuild"), "{}", run.stderr);
    assert_eq!(env.index_corpus(&["--rebuild"]).code, 0);
    assert_eq!(env.search(&["drill"]).ids(), ["a.txt"]);
}
