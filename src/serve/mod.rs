//! `milpress serve`: the index over HTTP, as a JSON API and a search page, an adapter like
//! [`crate::output`]. Query parameters become the same [`crate::search::Params`] the command line
//! fills, so both accept and refuse the same values, and the API's JSON is written by the same
//! printers as `search --format json` and `show --format json`.
//!
//! Safe by default: only GET and HEAD, only embedded assets (no file is ever read by URL),
//! bounded URLs, queries, pages and request time, a token when asked for, CORS off unless
//! given an origin. Live: a `milpress index` run on the same folder is picked up by the next
//! request (the whole index is re-opened when its `meta.json` changes).

mod api;
mod assets;
mod guard;
mod params;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use axum::routing::get;
use axum::Router;

use crate::error::Result;
use crate::index::Index;
use crate::search::Searcher;

/// The port `serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8411;

/// How `serve` runs.
#[derive(Clone, Debug)]
pub struct Config {
    pub index: PathBuf,
    pub addr: SocketAddr,
    /// Required of every API call (`Authorization: Bearer`) and, once, of the page.
    pub token: Option<String>,
    /// The one origin allowed to call the API from another site.
    pub cors: Option<String>,
    /// Longest time a request may take before it is answered 503.
    pub timeout: Duration,
}

/// An open index and the `meta.json` it was opened at.
struct Loaded {
    searcher: Searcher,
    stamp: Option<Stamp>,
}

/// What changes in `meta.json` when `milpress index` commits.
type Stamp = (SystemTime, u64);

/// State every request shares.
struct Shared {
    dir: PathBuf,
    current: RwLock<Arc<Loaded>>,
    /// One re-open at a time.
    reloading: Mutex<()>,
    token: Option<String>,
    cors: Option<axum::http::HeaderValue>,
    timeout: Duration,
}

impl Shared {
    /// The searcher of the last commit: re-opens the index when `meta.json` changed since it was
    /// opened. A failed re-open (an index half rebuilt) keeps the last good one.
    fn searcher(&self) -> Arc<Loaded> {
        let current = self
            .current
            .read()
            .map_or_else(|e| e.into_inner().clone(), |c| c.clone());
        let stamp = stamp(&self.dir);
        if stamp == current.stamp {
            return current;
        }
        // One request re-opens; the others meanwhile answer from the commit before.
        let _one = match self.reloading.try_lock() {
            Ok(one) => one,
            // A re-open that panicked leaves nothing half done: the next one goes ahead.
            Err(std::sync::TryLockError::Poisoned(one)) => one.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return current,
        };
        let latest = self
            .current
            .read()
            .map_or_else(|e| e.into_inner().clone(), |c| c.clone());
        if latest.stamp == stamp {
            return latest;
        }
        match open(&self.dir, Some(&latest)) {
            Ok(loaded) => {
                let loaded = Arc::new(loaded);
                match self.current.write() {
                    Ok(mut slot) => *slot = loaded.clone(),
                    Err(e) => *e.into_inner() = loaded.clone(),
                }
                eprintln!(
                    "milpress: index changed, re-opened ({} documents)",
                    loaded.searcher.num_docs()
                );
                loaded
            }
            Err(err) => {
                eprintln!("milpress: index changed but cannot be re-opened yet: {err}");
                latest
            }
        }
    }

    /// Why the answers no longer come from the index on disk, when its folder (or its
    /// `meta.json`) is gone: a share unmounted, a folder deleted. The server keeps answering
    /// from the index as it last opened it, and says so.
    fn gone(&self) -> Option<String> {
        stamp(&self.dir).is_none().then(|| {
            format!(
                "the index at {} is gone from disk: answers come from the index as it was last \
                 opened",
                self.dir.display()
            )
        })
    }
}

fn stamp(dir: &std::path::Path) -> Option<Stamp> {
    let meta = std::fs::metadata(dir.join("meta.json")).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Opens the index in `dir`; `earlier` is what it replaces, whose decoded facet columns are
/// kept for the segments still there.
fn open(dir: &std::path::Path, earlier: Option<&Loaded>) -> Result<Loaded> {
    // Stamp first: a commit landing while opening is seen by the next request.
    let stamp = stamp(dir);
    let searcher = Searcher::for_server(Index::open(dir)?)?;
    if let Some(earlier) = earlier {
        searcher.adopt_facet_tables(&earlier.searcher);
    }
    // A server counts many queries: its facet columns are decoded before the first one (at a
    // million documents about 0.3 s for every segment, so a re-open decodes only new ones).
    searcher.warm_facet_tables()?;
    Ok(Loaded { searcher, stamp })
}

/// The routes, for a server or a test.
fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(api::page))
        .route("/assets/{name}", get(assets::asset))
        .route("/api/search", get(api::search))
        .route("/api/doc", get(api::doc))
        .route("/api/trend", get(api::trend))
        .route("/api/health", get(api::health))
        .route("/api/themes", get(api::themes))
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            guard::guard,
        ))
        .with_state(shared)
}

/// Serves until Ctrl-C or SIGTERM, then lets requests in flight finish. Prints the address
/// it listens on (on stdout: with port 0 the system picks one, and a caller reads it there).
pub fn run(config: Config) -> Result<()> {
    let loaded = open(&config.index, None)?;
    let documents = loaded.searcher.num_docs();
    let cors = match &config.cors {
        Some(origin) => Some(axum::http::HeaderValue::from_str(origin).map_err(|_| {
            crate::error::Error::Query(format!("--cors takes an origin, not {origin:?}"))
        })?),
        None => None,
    };
    let shared = Arc::new(Shared {
        dir: config.index.clone(),
        current: RwLock::new(Arc::new(loaded)),
        reloading: Mutex::new(()),
        token: config.token.clone(),
        cors,
        timeout: config.timeout,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Searches run on blocking threads; a few at a time is what the cores can do anyway.
        .max_blocking_threads(16)
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let local = listener.local_addr()?;
        println!("listening on http://{local}/");
        eprintln!(
            "milpress: serving {} ({documents} documents) at http://{local}/ (Ctrl-C stops)",
            config.index.display()
        );
        axum::serve(listener, router(shared))
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        eprintln!("milpress: stopped");
        Ok(())
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
