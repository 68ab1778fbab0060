//! One file per subcommand, each with a `run` that resolves its arguments, calls the library and
//! says how it went as an exit code: 0 found (or done), 1 nothing found, 2 error.

pub mod index;
pub mod optimize;
pub mod search;
pub mod serve;
pub mod show;

use std::io::IsTerminal;

use crate::cli::{ColorChoice, GlobalArgs};
use crate::output::Style;

/// How a command ended, as grep reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Something was found, or the work was done: exit code 0.
    Success,
    /// Nothing matched: exit code 1.
    NothingFound,
    /// The work was done but some input was left out: exit code 2.
    Partial,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::NothingFound => 1,
            Outcome::Partial => 2,
        }
    }
}

/// Colour on stdout: asked for, or stdout is a terminal and NO_COLOR is not set.
pub fn style(global: &GlobalArgs) -> Style {
    let color = match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    Style { color }
}
