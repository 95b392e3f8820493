//! The command line as clap sees it: raw flags, with doc comments as `--help`. Commands turn these
//! into resolved requests.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand};

use crate::index::timeline::By;
use crate::query::Sort;

/// Search an archive of news-article text files by words, phrases, dates, sources, people, places
/// and organisations.
#[derive(Debug, Parser)]
#[command(
    name = "newsdex",
    version,
    after_help = "Place names from GeoNames (geonames.org), CC BY 4.0.\nExit codes: 0 results, 1 no results, 2 error."
)]
pub struct Cli {
    /// Index folder.
    #[arg(
        long,
        global = true,
        env = "NEWSDEX_INDEX",
        default_value = "index",
        value_name = "DIR"
    )]
    pub index: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index a corpus folder (incremental: only new or changed files are read).
    Index(IndexArgs),
    /// Full-text search: words, "phrases", AND/OR/NOT, field:value; with filters.
    Search(SearchArgs),
    /// List articles in date order, with the same filters as search.
    List(ListArgs),
    /// Show one clean article with its metadata.
    Show(ShowArgs),
    /// Counts, date span, and the top sources, datelines, people, places and organisations.
    Stats(StatsArgs),
    /// Matching articles per day, week, month or year: a bar chart, JSON or CSV.
    Timeline(TimelineArgs),
    /// People, places and organisations named with the matching articles, most specific first.
    Related(RelatedArgs),
    /// Print articles for another search engine or a spreadsheet, in path order: all, or those a
    /// query and filters select; only what changed since a commit with --changed-since.
    #[command(long_about = EXPORT_LONG_ABOUT)]
    Export(ExportArgs),
    /// Print the index template (Elasticsearch, OpenSearch) or index config (Quickwit) for the
    /// exported articles.
    Mapping(MappingArgs),
    /// Print a shell completion script.
    #[command(after_help = COMPLETIONS_AFTER_HELP)]
    Completions(CompletionsArgs),
    /// Print a manual page (roff): newsdex(1), or newsdex-COMMAND(1) for a subcommand.
    #[command(
        after_help = "View one with `newsdex man | man -l -`; install them as the README says."
    )]
    Man(ManArgs),
    /// Serve a search page, article pages and a JSON API in the browser (read-only).
    Serve(ServeArgs),
    /// The entity tagger: train, tag and evaluate on CoNLL-2003 files.
    #[command(subcommand)]
    Ner(crate::commands::ner::NerCommand),
    /// The web-page extractor: train its model, or show what it reads from page files.
    #[command(subcommand)]
    Web(crate::commands::web::WebCommand),
    /// The page-dump cleaner's line model: train it, or score it on labelled page dumps.
    #[command(subcommand)]
    Clean(crate::commands::clean::CleanCommand),
}

/// Arguments of `index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Corpus folder (default: the one this index was built from, else `corpus/`).
    pub corpus: Option<PathBuf>,
    /// Start over: delete this index and build it again.
    #[arg(long)]
    pub rebuild: bool,
    /// Article file extensions, comma-separated (default `txt,html,htm,xhtml,warc`; each also
    /// gzip-compressed, as `.html.gz`). `.html`, `.htm`, `.xhtml` are web pages, `.warc` web
    /// archives; any other is read as the archive's text format.
    #[arg(long, value_delimiter = ',', value_name = "EXT")]
    pub ext: Option<Vec<String>>,
    /// Follow symbolic links (loops are detected and reported).
    #[arg(long)]
    pub follow: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// Hide the progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Skip entity extraction for the files read in this run (faster; their people, places and
    /// organisations stay empty).
    #[arg(long)]
    pub no_entities: bool,
    /// Commit after every N articles read, so an interrupted run keeps what it had done.
    #[arg(long, value_name = "N", default_value_t = 200_000,
          value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub commit_every: u64,
}

/// Filters shared by search, list and stats.
#[derive(Debug, Args, Default, Clone)]
pub struct FilterArgs {
    /// First day included: YYYY, YYYY-MM or YYYY-MM-DD (the article's own calendar date).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day included: YYYY, YYYY-MM or YYYY-MM-DD (the whole period counts).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only this source agency (case-insensitive).
    #[arg(long)]
    pub source: Option<String>,
    /// Only this dateline place (case-insensitive).
    #[arg(long)]
    pub dateline: Option<String>,
    /// Only articles mentioning this person (case-insensitive; any spelling the archive shows
    /// to be the same person, or an acronym it introduces).
    #[arg(long)]
    pub person: Option<String>,
    /// Only articles mentioning this place (case-insensitive; any spelling the archive shows
    /// to be the same place, or an acronym it introduces).
    #[arg(long)]
    pub place: Option<String>,
    /// Only articles mentioning this organisation (case-insensitive; any spelling the archive shows
    /// to be the same organisation, or an acronym it introduces).
    #[arg(long)]
    pub org: Option<String>,
}

/// The long help of `export` (also its manual page).
const EXPORT_LONG_ABOUT: &str = "Print articles for another search engine or a spreadsheet, in path order: all, or those a query and filters select (as for search).

Formats: ndjson, one article object per line (the JSON contract; what Quickwit's ingest API and jq take); bulk, the body of an Elasticsearch or OpenSearch _bulk request (an action line before each article); csv, one row per article with a header row (entity lists joined with \"; \").

With --changed-since MARKER (a commit marker as `newsdex index` and `newsdex stats` print it), only the articles added or changed since that commit are printed, after the articles removed since: in bulk an `index` action for each article and a `delete` action for each removal; in ndjson a removal is the line {\"id\":ID,\"deleted\":true}; in csv a last column `deleted` is `true` on a removal's row (which has only its id). With a query or filters, a changed article that no longer matches is printed as a removal too. The marker reached is printed on stderr.";

/// The help after `completions`.
const COMPLETIONS_AFTER_HELP: &str =
    "Install: bash: newsdex completions bash > ~/.local/share/bash-completion/completions/newsdex
zsh: newsdex completions zsh > ~/.zfunc/_newsdex (with fpath+=~/.zfunc before compinit in ~/.zshrc)
fish: newsdex completions fish > ~/.config/fish/completions/newsdex.fish
PowerShell: newsdex completions powershell >> $PROFILE";

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One article object per line (Quickwit, jq, scripts).
    Ndjson,
    /// The Elasticsearch/OpenSearch _bulk body.
    Bulk,
    /// One row per article, with a header row.
    Csv,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only articles matching this query, as for search (default: all).
    pub query: Option<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Ndjson)]
    pub format: ExportFormat,
    /// Index name in the bulk action lines.
    #[arg(long, value_name = "NAME", default_value = "newsdex")]
    pub target_index: String,
    /// Only what changed after this commit marker (as index and stats print it), removals
    /// included.
    #[arg(long, value_name = "MARKER")]
    pub changed_since: Option<String>,
}

/// Search engines `mapping` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// An Elasticsearch composable index template (JSON).
    Elasticsearch,
    /// An OpenSearch composable index template (JSON).
    Opensearch,
    /// A Quickwit index config (YAML).
    Quickwit,
}

/// Arguments of `mapping`.
#[derive(Debug, Args)]
pub struct MappingArgs {
    /// The search engine.
    #[arg(long, value_enum)]
    pub target: Engine,
    /// Index name: the template applies to NAME and NAME-* (Elasticsearch, OpenSearch); the
    /// index id (Quickwit).
    #[arg(long, value_name = "NAME", default_value = "newsdex")]
    pub target_index: String,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// A subcommand (`search`, `ner train`); default: the main page.
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
}

/// Paging and output shared by search and list.
#[derive(Debug, Args, Clone)]
pub struct PageArgs {
    /// Results to print.
    #[arg(long, default_value_t = 10, allow_negative_numbers = true)]
    pub limit: i64,
    /// Results to skip.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    pub offset: i64,
    /// One JSON object per line.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV with a header row: the columns of --json.
    #[arg(long)]
    pub csv: bool,
}

/// Arguments of `search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words (all must match), "a phrase", OR, NOT, -word, field:value (title, body,
    /// source, dateline, person, place, org); word~ or "a phrase"~ also finds other spellings
    /// ("a phrase"~2 is the words at most 2 apart).
    pub query: String,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub page: PageArgs,
    /// Order: relevance, date (oldest first) or -date (newest first).
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    pub sort: Sort,
    /// Also print the top sources, datelines, people, places and organisations of all matches.
    #[arg(long, conflicts_with = "csv")]
    pub facets: bool,
    /// Also find other spellings of each word, phrase and name: transliterations (Jamat-ud-Dawa,
    /// Jamaat ud Dawah), typos, and acronyms the archive introduces (as `word~` does for one).
    #[arg(long)]
    pub fuzzy: bool,
    /// One hit per group of copies (its best-ranked match), with how many other copies match.
    #[arg(long)]
    pub collapse: bool,
}

/// Arguments of `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Results to print.
    #[arg(long, default_value_t = 100, allow_negative_numbers = true)]
    pub limit: i64,
    /// Results to skip.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    pub offset: i64,
    /// One JSON object per line (article objects without body).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV with a header row: the columns of --json.
    #[arg(long)]
    pub csv: bool,
    /// Order: date (oldest first) or -date (newest first).
    #[arg(long, value_enum, default_value_t = Sort::Date)]
    pub sort: Sort,
    /// One article per group of copies (the first in the listing's order), with how many other
    /// copies match.
    #[arg(long)]
    pub collapse: bool,
}

/// Arguments of `timeline`.
#[derive(Debug, Args)]
#[command(
    after_help = "Articles are counted by their own calendar day. Periods run from the first to the last \
one with a matching article; empty ones between are shown with 0. Articles without a date are in no period: \
their number is given after the chart (on stderr with --json or --csv)."
)]
pub struct TimelineArgs {
    /// The query, as for search (default: every article, or those the filters keep).
    pub query: Option<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Period: day, ISO week (Monday to Sunday, `2009-W02`), month, year, or auto (the finest
    /// giving at most about 60 bars).
    #[arg(long, value_enum, default_value_t = By::Auto)]
    pub by: By,
    /// One JSON object per line: {"period": "2009-01", "start": "2009-01-01", "count": 12}.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV with a header row: period,start,count.
    #[arg(long)]
    pub csv: bool,
}

/// Arguments of `related`.
#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("set").required(true).multiple(true).args(["query", "person", "place", "org"])),
    after_help = "Score: Dunning's log-likelihood ratio G² of each name's share of the matching articles \
against its share of the rest of the index, signed (negative when it is rarer among the matching articles \
than elsewhere). It ranks what comes with this set above what is everywhere, and more evidence above less. \
The person, place or organisation given with --person, --place or --org is left out of its own list."
)]
pub struct RelatedArgs {
    /// The query, as for search; instead of or as well as --person, --place or --org.
    pub query: Option<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Names to print.
    #[arg(long, default_value_t = 20, allow_negative_numbers = true)]
    pub limit: i64,
    /// One JSON object per line: {"field": "person", "value": "…", "count": 4, "score": 31.2}.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV with a header row: field,value,count,score.
    #[arg(long)]
    pub csv: bool,
}

/// Arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's path relative to the corpus folder (as `list` prints it), or its id.
    pub path: String,
    /// Print the article object as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    /// How many top values to show for each facet.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. The default answers this machine only; another address (e.g.
    /// 0.0.0.0:7700) lets anyone who can reach it read the whole index. Port 0 picks a free port.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:7700")]
    pub addr: String,
    /// How long one request may wait and work before it is answered 503, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(0..=3_600_000))]
    pub timeout_ms: u64,
    /// Requests searching the index at once; more wait their turn (default: twice the cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub max_concurrent: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
