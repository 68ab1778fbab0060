//! `milpress serve`: check the address and token, then hand over to [`crate::serve`].

use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

use anyhow::{bail, Context};

use super::Outcome;
use crate::cli::{GlobalArgs, ServeArgs};
use crate::serve::{self, Config};

pub fn run(args: &ServeArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let addr: SocketAddr = args
        .addr
        .to_socket_addrs()
        .with_context(|| format!("--addr takes HOST:PORT, not {:?}", args.addr))?
        .next()
        .with_context(|| format!("--addr {:?} resolves to no address", args.addr))?;
    if let Some(token) = &args.token {
        check_token(token)?;
    }
    if !addr.ip().is_loopback() {
        if args.token.is_none() {
            bail!(
                "--addr {addr} is reachable from other machines: give --token (or MILPRESS_TOKEN) \
                 so only your team can read the index"
            );
        }
        eprintln!(
            "milpress: warning: listening on {addr}, reachable from other machines; \
             the token guards it, but the traffic is plain HTTP (put TLS in front)"
        );
    }
    serve::run(Config {
        index: global.index.clone(),
        addr,
        token: args.token.clone(),
        cors: args.cors.clone(),
        timeout: Duration::from_secs(args.timeout),
    })
    .with_context(|| format!("serving {}", global.index.display()))?;
    Ok(Outcome::Success)
}

/// A token goes into a cookie and a header as it is: letters, digits and `-._~` only, and long
/// enough not to be guessed.
fn check_token(token: &str) -> anyhow::Result<()> {
    if token.len() < 16 {
        bail!("--token must be at least 16 characters long");
    }
    if !token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    {
        bail!("--token takes letters, digits and - . _ ~ only");
    }
    Ok(())
}
