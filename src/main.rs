//! The `newsdex` binary: parse the command line, dispatch, print `newsdex: {err:#}` and pick the
//! exit code (0 results, 1 no results, 2 error). A closed pipe exits quietly.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: parsing, cleaning and tagging allocate many small
/// short-lived strings per article, and glibc's malloc and free took about 7 % of a build's CPU.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A panic is a bug; if one happens anyway, say so in one line instead of Rust's panic message.
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "newsdex: internal error ({what}{place}); please report it with the command you ran"
        );
    }));
    let cli = newsdex::cli::Cli::parse();
    #[cfg(target_os = "linux")]
    if matches!(cli.command, newsdex::cli::Command::Index(_)) {
        huge_pages::allow();
    }
    match newsdex::commands::run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("newsdex: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Transparent huge pages, off from process start and back on for `index` only.
///
/// mimalloc asks for 2 MB huge pages (`MADV_HUGEPAGE`), and the first touch of each one zeroes all
/// of it. That pays off for `index`, whose tagger and indexer work through hundreds of MB (about
/// 9 % less CPU on a 200 MB corpus), but a query touches a few MB and exits: zeroing huge pages was
/// about 3 ms of a 15 ms whole-process search (`MIMALLOC_ALLOW_THP=0` vs 1), a third of it for the
/// allocation Rust's runtime makes before `main`. So a constructor turns them off before that
/// allocation, and `index` turns them back on; the setting applies to pages first touched after it.
#[cfg(target_os = "linux")]
mod huge_pages {
    /// Runs from `.init_array`, before Rust's runtime and its first allocation.
    #[used]
    #[unsafe(link_section = ".init_array")]
    static OFF_AT_START: extern "C" fn() = off_at_start;

    extern "C" fn off_at_start() {
        set_disabled(true);
    }

    /// Allows huge pages again for memory touched from now on.
    pub fn allow() {
        set_disabled(false);
    }

    fn set_disabled(disabled: bool) {
        // SAFETY: PR_SET_THP_DISABLE takes plain integer arguments and only sets a flag on this
        // process; on failure (an old kernel) nothing changes, which is harmless.
        unsafe {
            libc::prctl(
                libc::PR_SET_THP_DISABLE,
                libc::c_ulong::from(disabled),
                0,
                0,
                0,
            );
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
