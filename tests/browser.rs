//! The search page in a real browser: headless Chromium driven through chromedriver (WebDriver,
//! fantoccini) loads `/?q=香山论坛`, sees hits and facets, clicks a facet and sees the chip and
//! the URL, opens a document, pages forward. A failed step leaves a screenshot in
//! `target/tmp/browser-*.png`. Skipped (with a line on stderr) only when Chromium or
//! chromedriver is not installed; CI installs them.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use crate::serve::{sample_index, Server};

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| PathBuf::from(dir).join(name))
        .find(|p| p.is_file())
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

#[test]
fn the_page_searches_filters_opens_and_pages_in_chromium() {
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|n| which(n));
    let (Some(browser), Some(chromedriver)) = (browser, which("chromedriver")) else {
        eprintln!(
            "skipped: the_page_searches_filters_opens_and_pages_in_chromium: needs chromium and \
             chromedriver (apt-get install chromium chromium-driver fonts-noto-cjk)"
        );
        return;
    };
    let server = Server::start(&sample_index(), &[]);
    let port = free_port();
    let _driver = Driver(
        Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let profile = tempfile::tempdir().expect("a profile folder");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = connect(port, &browser, profile.path()).await;
        let outcome = steps(&client, &server).await;
        if let Err(step) = &outcome {
            let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-failure.png");
            if let Ok(png) = client.screenshot().await {
                let _ = std::fs::write(&shot, png);
            }
            let _ = client.close().await;
            panic!("{step} (screenshot: {})", shot.display());
        }
        let _ = client.close().await;
    });
}

async fn connect(port: u16, browser: &std::path::Path, profile: &std::path::Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": browser,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => return client,
            Err(err) if Instant::now() < deadline => {
                let _ = err;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(err) => panic!("chromedriver did not answer: {err}"),
        }
    }
}

/// Polls `f` until it gives `Some`, or fails with `what` after 10 s.
async fn wait_for<T, F, Fut>(what: &str, mut f: F) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(value) = f().await {
            return Ok(value);
        }
        if Instant::now() > deadline {
            return Err(format!("timed out waiting for {what}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn count(client: &Client, css: &str) -> usize {
    client
        .find_all(Locator::Css(css))
        .await
        .map_or(0, |v| v.len())
}

async fn url(client: &Client) -> String {
    client
        .current_url()
        .await
        .map(|u| u.to_string())
        .unwrap_or_default()
}

async fn steps(client: &Client, server: &Server) -> Result<(), String> {
    let e = |err: fantoccini::error::CmdError| err.to_string();
    client
        .goto(&server.url("/?q=%E9%A6%99%E5%B1%B1%E8%AE%BA%E5%9D%9B"))
        .await
        .map_err(e)?;
    wait_for("ten hits", || async {
        (count(client, "li.hit").await == 10).then_some(())
    })
    .await?;
    let total = client
        .find(Locator::Id("total"))
        .await
        .map_err(e)?
        .text()
        .await
        .map_err(e)?;
    if !total.contains("of 12 matches") {
        return Err(format!("summary says {total:?}"));
    }
    let first_hit = client
        .find(Locator::Css("li.hit mark"))
        .await
        .map_err(e)?
        .text()
        .await
        .map_err(e)?;
    if !first_hit.contains("香山论坛") {
        return Err(format!("the highlight is {first_hit:?}"));
    }
    for facet in ["year", "theme", "speaker", "source", "lang", "kind"] {
        if count(
            client,
            &format!("section[data-facet={facet}] button.facet-value"),
        )
        .await
            == 0
        {
            return Err(format!("no {facet} facet"));
        }
    }

    // Click a year: a chip appears, the URL carries it, the hits are that year's.
    let year = client
        .find(Locator::Css(
            "section[data-facet=year] button.facet-value[data-value='2024']",
        ))
        .await
        .map_err(e)?;
    year.click().await.map_err(e)?;
    wait_for("the year chip", || async {
        (count(client, ".chip[data-key=year]").await == 1).then_some(())
    })
    .await?;
    let now = url(client).await;
    if !now.contains("year=2024") {
        return Err(format!("the URL is {now}"));
    }
    wait_for("five 2024 hits", || async {
        (count(client, "li.hit").await == 5).then_some(())
    })
    .await?;

    // Remove the chip, open a document.
    client
        .find(Locator::Css(".chip[data-key=year] button"))
        .await
        .map_err(e)?
        .click()
        .await
        .map_err(e)?;
    wait_for("ten hits again", || async {
        (count(client, "li.hit").await == 10 && count(client, ".chip").await == 0).then_some(())
    })
    .await?;
    client
        .find(Locator::Css("li.hit a.open-doc"))
        .await
        .map_err(e)?
        .click()
        .await
        .map_err(e)?;
    wait_for("the document", || async {
        (count(client, "#doc .doc-body").await == 1).then_some(())
    })
    .await?;
    if !url(client).await.contains("doc=") {
        return Err("opening a document does not show in the URL".into());
    }
    client
        .find(Locator::Id("close-doc"))
        .await
        .map_err(e)?
        .click()
        .await
        .map_err(e)?;
    // Focus goes back to the hit the document was opened from.
    let focused = client
        .execute(
            "return document.activeElement ? document.activeElement.className : null",
            vec![],
        )
        .await
        .map_err(e)?;
    if focused.as_str() != Some("open-doc") {
        return Err(format!("focus after closing the document: {focused}"));
    }

    // Page forward: the last two hits.
    client
        .find(Locator::Id("next"))
        .await
        .map_err(e)?
        .click()
        .await
        .map_err(e)?;
    wait_for("page two", || async {
        (count(client, "li.hit").await == 2).then_some(())
    })
    .await?;
    let now = url(client).await;
    if !now.contains("offset=10") {
        return Err(format!("page two's URL is {now}"));
    }

    // A query that matches nothing says so, and nothing else (a null once showed as "null").
    client.goto(&server.url("/?q=zzyzxq")).await.map_err(e)?;
    wait_for("the empty result", || async {
        (count(client, "li.empty").await == 1).then_some(())
    })
    .await?;
    let summary = client
        .find(Locator::Id("summary"))
        .await
        .map_err(e)?
        .text()
        .await
        .map_err(e)?;
    if !summary.starts_with("No match") || summary.contains("null") {
        return Err(format!("the summary of no match says {summary:?}"));
    }
    Ok(())
}
