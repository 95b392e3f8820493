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

/// Transparent huge pages, off for the whole process.
///
/// mimalloc asks for 2 MB huge pages (`MADV_HUGEPAGE`). On a machine whose memory is fragmented
/// (any that has run a while) the kernel compacts memory to find each one, then zeroes all of it
/// on first touch. A query touches a few MB and exits: huge pages were about 3 ms of a 15 ms
/// whole-process search. They were once kept for `index`, but there too they cost more than they
/// save (dist build, 2 cores, `MIMALLOC_ALLOW_THP=1` against `0`, files in the page cache):
/// web-dev's 990 HTML pages 3.1–3.3 s against 2.5–3.0 s (system CPU 1.0–1.35 s against
/// 0.15–0.19 s); a 100 MB text corpus 14.5–17.7 s against 10.5–13.0 s; the 1 GB corpus 130–137 s
/// against 125 s. A constructor turns them off before the first allocation of Rust's runtime.
#[cfg(target_os = "linux")]
mod huge_pages {
    /// Runs from `.init_array`, before Rust's runtime and its first allocation.
    #[used]
    #[unsafe(link_section = ".init_array")]
    static OFF_AT_START: extern "C" fn() = off_at_start;

    extern "C" fn off_at_start() {
        set_disabled(true);
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
