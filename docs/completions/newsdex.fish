# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_newsdex_global_optspecs
    string join \n index= h/help V/version
end

function __fish_newsdex_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_newsdex_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_newsdex_using_subcommand
    set -l cmd (__fish_newsdex_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c newsdex -n "__fish_newsdex_needs_command" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_needs_command" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_needs_command" -s V -l version -d 'Print version'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "index" -d 'Index a corpus folder (incremental: only new or changed files are read)'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "search" -d 'Full-text search: words, "phrases", AND/OR/NOT, field:value; with filters'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "list" -d 'List articles in date order, with the same filters as search'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "show" -d 'Show one clean article with its metadata'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "stats" -d 'Counts, date span, and the top sources, datelines, people, places and organisations'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "timeline" -d 'Matching articles per day, week, month or year: a bar chart, JSON or CSV'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "related" -d 'People, places and organisations named with the matching articles, most specific first'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "export" -d 'Print articles for another search engine or a spreadsheet, in path order: all, or those a query and filters select; only what changed since a commit with --changed-since'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "mapping" -d 'Print the index template (Elasticsearch, OpenSearch) or index config (Quickwit) for the exported articles'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "man" -d 'Print a manual page (roff): newsdex(1), or newsdex-COMMAND(1) for a subcommand'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "serve" -d 'Serve a search page, article pages and a JSON API in the browser (read-only)'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "ner" -d 'The entity tagger: train, tag and evaluate on CoNLL-2003 files'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "web" -d 'The web-page extractor: train its model, or show what it reads from page files'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "clean" -d 'The page-dump cleaner\'s line model: train it, or score it on labelled page dumps'
complete -c newsdex -n "__fish_newsdex_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c newsdex -n "__fish_newsdex_using_subcommand index" -l ext -d 'Article file extensions, comma-separated (default `txt,html,htm,xhtml,warc`; each also gzip-compressed, as `.html.gz`). `.html`, `.htm`, `.xhtml` are web pages, `.warc` web archives; any other is read as the archive\'s text format' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand index" -l commit-every -d 'Commit after every N articles read, so an interrupted run keeps what it had done' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand index" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand index" -l rebuild -d 'Start over: delete this index and build it again'
complete -c newsdex -n "__fish_newsdex_using_subcommand index" -l follow -d 'Follow symbolic links (loops are detected and reported)'
complete -c newsdex -n "__fish_newsdex_using_subcommand index" -l json -d 'Print the summary as JSON'
complete -c newsdex -n "__fish_newsdex_using_subcommand index" -s q -l quiet -d 'Hide the progress bar'
complete -c newsdex -n "__fish_newsdex_using_subcommand index" -l no-entities -d 'Skip entity extraction for the files read in this run (faster; their people, places and organisations stay empty)'
complete -c newsdex -n "__fish_newsdex_using_subcommand index" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l from -d 'First day included: YYYY, YYYY-MM or YYYY-MM-DD (the article\'s own calendar date)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l to -d 'Last day included: YYYY, YYYY-MM or YYYY-MM-DD (the whole period counts)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l source -d 'Only this source agency (case-insensitive)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l dateline -d 'Only this dateline place (case-insensitive)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l person -d 'Only articles mentioning this person (case-insensitive; any spelling the archive shows to be the same person, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l place -d 'Only articles mentioning this place (case-insensitive; any spelling the archive shows to be the same place, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l org -d 'Only articles mentioning this organisation (case-insensitive; any spelling the archive shows to be the same organisation, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l limit -d 'Results to print' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l offset -d 'Results to skip' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l sort -d 'Order: relevance, date (oldest first) or -date (newest first)' -r -f -a "relevance\t'Best match first (ties by date, then path)'
date\t'Oldest first'
-date\t'Newest first'"
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l json -d 'One JSON object per line'
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l csv -d 'CSV with a header row: the columns of --json'
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l facets -d 'Also print the top sources, datelines, people, places and organisations of all matches'
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l fuzzy -d 'Also find other spellings of each word, phrase and name: transliterations (Jamat-ud-Dawa, Jamaat ud Dawah), typos, and acronyms the archive introduces (as `word~` does for one)'
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -l collapse -d 'One hit per group of copies (its best-ranked match), with how many other copies match'
complete -c newsdex -n "__fish_newsdex_using_subcommand search" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -l from -d 'First day included: YYYY, YYYY-MM or YYYY-MM-DD (the article\'s own calendar date)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -l to -d 'Last day included: YYYY, YYYY-MM or YYYY-MM-DD (the whole period counts)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -l source -d 'Only this source agency (case-insensitive)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -l dateline -d 'Only this dateline place (case-insensitive)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -l person -d 'Only articles mentioning this person (case-insensitive; any spelling the archive shows to be the same person, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -l place -d 'Only articles mentioning this place (case-insensitive; any spelling the archive shows to be the same place, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -l org -d 'Only articles mentioning this organisation (case-insensitive; any spelling the archive shows to be the same organisation, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -l limit -d 'Results to print' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -l offset -d 'Results to skip' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -l sort -d 'Order: date (oldest first) or -date (newest first)' -r -f -a "relevance\t'Best match first (ties by date, then path)'
date\t'Oldest first'
-date\t'Newest first'"
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -l json -d 'One JSON object per line (article objects without body)'
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -l csv -d 'CSV with a header row: the columns of --json'
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -l collapse -d 'One article per group of copies (the first in the listing\'s order), with how many other copies match'
complete -c newsdex -n "__fish_newsdex_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c newsdex -n "__fish_newsdex_using_subcommand show" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand show" -l json -d 'Print the article object as JSON'
complete -c newsdex -n "__fish_newsdex_using_subcommand show" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand stats" -l from -d 'First day included: YYYY, YYYY-MM or YYYY-MM-DD (the article\'s own calendar date)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand stats" -l to -d 'Last day included: YYYY, YYYY-MM or YYYY-MM-DD (the whole period counts)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand stats" -l source -d 'Only this source agency (case-insensitive)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand stats" -l dateline -d 'Only this dateline place (case-insensitive)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand stats" -l person -d 'Only articles mentioning this person (case-insensitive; any spelling the archive shows to be the same person, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand stats" -l place -d 'Only articles mentioning this place (case-insensitive; any spelling the archive shows to be the same place, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand stats" -l org -d 'Only articles mentioning this organisation (case-insensitive; any spelling the archive shows to be the same organisation, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand stats" -l top -d 'How many top values to show for each facet' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand stats" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand stats" -l json -d 'Print as JSON'
complete -c newsdex -n "__fish_newsdex_using_subcommand stats" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand timeline" -l from -d 'First day included: YYYY, YYYY-MM or YYYY-MM-DD (the article\'s own calendar date)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand timeline" -l to -d 'Last day included: YYYY, YYYY-MM or YYYY-MM-DD (the whole period counts)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand timeline" -l source -d 'Only this source agency (case-insensitive)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand timeline" -l dateline -d 'Only this dateline place (case-insensitive)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand timeline" -l person -d 'Only articles mentioning this person (case-insensitive; any spelling the archive shows to be the same person, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand timeline" -l place -d 'Only articles mentioning this place (case-insensitive; any spelling the archive shows to be the same place, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand timeline" -l org -d 'Only articles mentioning this organisation (case-insensitive; any spelling the archive shows to be the same organisation, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand timeline" -l by -d 'Period: day, ISO week (Monday to Sunday, `2009-W02`), month, year, or auto (the finest giving at most about 60 bars)' -r -f -a "day\t'Calendar days (`2009-01-07`)'
week\t'ISO 8601 weeks, Monday to Sunday, numbered in their ISO week-year (`2009-W02`)'
month\t'Calendar months (`2009-01`)'
year\t'Calendar years (`2009`)'
auto\t'The finest of the above giving at most about 60 bars'"
complete -c newsdex -n "__fish_newsdex_using_subcommand timeline" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand timeline" -l json -d 'One JSON object per line: {"period": "2009-01", "start": "2009-01-01", "count": 12}'
complete -c newsdex -n "__fish_newsdex_using_subcommand timeline" -l csv -d 'CSV with a header row: period,start,count'
complete -c newsdex -n "__fish_newsdex_using_subcommand timeline" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c newsdex -n "__fish_newsdex_using_subcommand related" -l from -d 'First day included: YYYY, YYYY-MM or YYYY-MM-DD (the article\'s own calendar date)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand related" -l to -d 'Last day included: YYYY, YYYY-MM or YYYY-MM-DD (the whole period counts)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand related" -l source -d 'Only this source agency (case-insensitive)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand related" -l dateline -d 'Only this dateline place (case-insensitive)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand related" -l person -d 'Only articles mentioning this person (case-insensitive; any spelling the archive shows to be the same person, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand related" -l place -d 'Only articles mentioning this place (case-insensitive; any spelling the archive shows to be the same place, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand related" -l org -d 'Only articles mentioning this organisation (case-insensitive; any spelling the archive shows to be the same organisation, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand related" -l limit -d 'Names to print' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand related" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand related" -l json -d 'One JSON object per line: {"field": "person", "value": "…", "count": 4, "score": 31.2}'
complete -c newsdex -n "__fish_newsdex_using_subcommand related" -l csv -d 'CSV with a header row: field,value,count,score'
complete -c newsdex -n "__fish_newsdex_using_subcommand related" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand export" -l from -d 'First day included: YYYY, YYYY-MM or YYYY-MM-DD (the article\'s own calendar date)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand export" -l to -d 'Last day included: YYYY, YYYY-MM or YYYY-MM-DD (the whole period counts)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand export" -l source -d 'Only this source agency (case-insensitive)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand export" -l dateline -d 'Only this dateline place (case-insensitive)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand export" -l person -d 'Only articles mentioning this person (case-insensitive; any spelling the archive shows to be the same person, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand export" -l place -d 'Only articles mentioning this place (case-insensitive; any spelling the archive shows to be the same place, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand export" -l org -d 'Only articles mentioning this organisation (case-insensitive; any spelling the archive shows to be the same organisation, or an acronym it introduces)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand export" -l format -d 'Output format' -r -f -a "ndjson\t'One article object per line (Quickwit, jq, scripts)'
bulk\t'The Elasticsearch/OpenSearch _bulk body'
csv\t'One row per article, with a header row'"
complete -c newsdex -n "__fish_newsdex_using_subcommand export" -l target-index -d 'Index name in the bulk action lines' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand export" -l changed-since -d 'Only what changed after this commit marker (as index and stats print it), removals included' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand export" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c newsdex -n "__fish_newsdex_using_subcommand mapping" -l target -d 'The search engine' -r -f -a "elasticsearch\t'An Elasticsearch composable index template (JSON)'
opensearch\t'An OpenSearch composable index template (JSON)'
quickwit\t'A Quickwit index config (YAML)'"
complete -c newsdex -n "__fish_newsdex_using_subcommand mapping" -l target-index -d 'Index name: the template applies to NAME and NAME-* (Elasticsearch, OpenSearch); the index id (Quickwit)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand mapping" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand mapping" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c newsdex -n "__fish_newsdex_using_subcommand completions" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand completions" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand man" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand man" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand serve" -l addr -d 'Address to listen on. The default answers this machine only; another address (e.g. 0.0.0.0:7700) lets anyone who can reach it read the whole index. Port 0 picks a free port' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand serve" -l timeout-ms -d 'How long one request may wait and work before it is answered 503, in milliseconds' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand serve" -l max-concurrent -d 'Requests searching the index at once; more wait their turn (default: twice the cores)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand serve" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand serve" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and not __fish_seen_subcommand_from train cv tag eval help" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and not __fish_seen_subcommand_from train cv tag eval help" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and not __fish_seen_subcommand_from train cv tag eval help" -f -a "train" -d 'Train the tagger on DIR/eng.train and the --also files (scores on DIR/eng.testa are logged per epoch unless it is one of them) and write the model to --out, with the gazetteer files it uses beside it. Deterministic'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and not __fish_seen_subcommand_from train cv tag eval help" -f -a "cv" -d 'Cross-validate the training recipe on DIR/eng.train: its documents cut into --folds contiguous blocks, each tagged by a model trained on the others; prints exact-span P/R/F1 per type, pooled and per fold. eng.testa is not read'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and not __fish_seen_subcommand_from train cv tag eval help" -f -a "tag" -d 'Tag a CoNLL-2003 file: `token<TAB>gold<TAB>predicted` per token (IOB2), a blank line between sentences'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and not __fish_seen_subcommand_from train cv tag eval help" -f -a "eval" -d 'Score the tagger on a CoNLL-2003 file: exact-span P/R/F1 per type and overall (micro over PER, LOC, ORG), and the tagging speed'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and not __fish_seen_subcommand_from train cv tag eval help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from train" -l data -d 'Folder with eng.train (and optionally eng.testa), CoNLL-2003 format' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from train" -l out -d 'Model file to write (the shipped one is models/ner.bin)' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from train" -l gazetteer -d 'Folder with places.tsv, first_names.tsv and demonyms.tsv' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from train" -l unlabeled -d 'Folders of unlabeled .txt/.sgm news text for the word clusters (repeatable)' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from train" -l epochs -d 'Passes over the training data' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from train" -l min-row-weight -d 'Drop features whose largest quantised weight is below this (0 keeps all)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from train" -l dropout -d 'Feature dropout in training: leave a token\'s features of GROUP (word, affix, gaz, cluster, doc, other) out of a training step with probability P, instead of the shipped recipe\'s (repeatable)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from train" -l without -d 'Leave these feature templates (numbers, comma-separated) out of training, to measure what they bring' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from train" -l min-count -d 'Give no weight to static features seen fewer than N times in training' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from train" -l also -d 'More labelled CoNLL-2003 files to train on (repeatable), e.g. DIR/eng.testa: `ner train` adds them to eng.train (and no longer scores eng.testa when it is one of them); `ner cv` adds them to every fold\'s training documents, never to a held-out block, so the scores say what the extra data brings on text still unseen' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from train" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from train" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from cv" -l data -d 'Folder with eng.train, CoNLL-2003 format' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from cv" -l folds -d 'Number of folds' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from cv" -l predictions -d 'Also write the held-out predictions to FILE, as `ner tag` prints them' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from cv" -l gazetteer -d 'Folder with places.tsv, first_names.tsv and demonyms.tsv' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from cv" -l unlabeled -d 'Folders of unlabeled .txt/.sgm news text for the word clusters (repeatable)' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from cv" -l epochs -d 'Passes over the training data' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from cv" -l min-row-weight -d 'Drop features whose largest quantised weight is below this (0 keeps all)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from cv" -l dropout -d 'Feature dropout in training: leave a token\'s features of GROUP (word, affix, gaz, cluster, doc, other) out of a training step with probability P, instead of the shipped recipe\'s (repeatable)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from cv" -l without -d 'Leave these feature templates (numbers, comma-separated) out of training, to measure what they bring' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from cv" -l min-count -d 'Give no weight to static features seen fewer than N times in training' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from cv" -l also -d 'More labelled CoNLL-2003 files to train on (repeatable), e.g. DIR/eng.testa: `ner train` adds them to eng.train (and no longer scores eng.testa when it is one of them); `ner cv` adds them to every fold\'s training documents, never to a held-out block, so the scores say what the extra data brings on text still unseen' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from cv" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from cv" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from tag" -l conll -d 'The CoNLL-2003 file (`word POS chunk tag` lines, -DOCSTART- lines, blank lines)' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from tag" -l model -d 'Use this model file (with its gazetteer files beside it) instead of the built-in one' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from tag" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from tag" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from eval" -l conll -d 'The CoNLL-2003 file' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from eval" -l model -d 'Use this model file (with its gazetteer files beside it) instead of the built-in one' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from eval" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from eval" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from help" -f -a "train" -d 'Train the tagger on DIR/eng.train and the --also files (scores on DIR/eng.testa are logged per epoch unless it is one of them) and write the model to --out, with the gazetteer files it uses beside it. Deterministic'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from help" -f -a "cv" -d 'Cross-validate the training recipe on DIR/eng.train: its documents cut into --folds contiguous blocks, each tagged by a model trained on the others; prints exact-span P/R/F1 per type, pooled and per fold. eng.testa is not read'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from help" -f -a "tag" -d 'Tag a CoNLL-2003 file: `token<TAB>gold<TAB>predicted` per token (IOB2), a blank line between sentences'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from help" -f -a "eval" -d 'Score the tagger on a CoNLL-2003 file: exact-span P/R/F1 per type and overall (micro over PER, LOC, ORG), and the tagging speed'
complete -c newsdex -n "__fish_newsdex_using_subcommand ner; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and not __fish_seen_subcommand_from train extract help" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and not __fish_seen_subcommand_from train extract help" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and not __fish_seen_subcommand_from train extract help" -f -a "train" -d 'Train the block classifier on DIR/html/*.html.gz with DIR/gold.json (snippets that must and must not be in each page\'s body), print the k-fold cross-validated snippet scores, and write the model trained on all pages to --out. Deterministic'
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and not __fish_seen_subcommand_from train extract help" -f -a "extract" -d 'Print what newsdex reads from web-page files (`.html`, `.htm`, `.xhtml`, optionally gzipped): one JSON object per file with path, url, title, date, day, source and body'
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and not __fish_seen_subcommand_from train extract help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from train" -l data -d 'Folder with html/ and gold.json (the layout of web-dev)' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from train" -l out -d 'Model file to write (the shipped one is models/web.bin); none: only cross-validate' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from train" -l folds -d 'Folds of the cross-validation by site (0: none)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from train" -l split -d 'Pages to use: all, or the `dev` or `test` part of a fixed split by site (a fifth of the sites are `test`, never used to tune anything)' -r -f -a "all\t''
dev\t''
test\t''"
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from train" -l eval-split -d 'After training on --split, also score the model on this part' -r -f -a "dev\t''
test\t''"
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from train" -l epochs -d 'Passes over the data' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from train" -l inside -d 'Keep a block inside the main container above this probability' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from train" -l outside -d 'Keep a block outside the main container above this probability' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from train" -l center -d 'The probability of no evidence when choosing the main container' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from train" -l dump -d 'Write each page\'s cross-validated body to this file (`{"path", "body"}` per line, for `eval_web.py`)' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from train" -l without-fold -d 'Fit the written model without the pages of this fold of --folds (to look at that fold\'s pages with `web extract --model`)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from train" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from train" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from extract" -l model -d 'Use this model file instead of the built-in one' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from extract" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from extract" -l blocks -d 'Instead, print every text block of each page: kept (`+`) or not (`-`), its probability of being article text, whether it is in the main container (`*`), its tag and text'
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from extract" -l features -d 'With --blocks: also the features that weigh most in each block\'s score'
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from extract" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from help" -f -a "train" -d 'Train the block classifier on DIR/html/*.html.gz with DIR/gold.json (snippets that must and must not be in each page\'s body), print the k-fold cross-validated snippet scores, and write the model trained on all pages to --out. Deterministic'
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from help" -f -a "extract" -d 'Print what newsdex reads from web-page files (`.html`, `.htm`, `.xhtml`, optionally gzipped): one JSON object per file with path, url, title, date, day, source and body'
complete -c newsdex -n "__fish_newsdex_using_subcommand web; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and not __fish_seen_subcommand_from train eval help" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and not __fish_seen_subcommand_from train eval help" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and not __fish_seen_subcommand_from train eval help" -f -a "train" -d 'Train the page-dump model on DIR\'s .txt dumps, labelled by gold snippets and a reference extraction, report k-fold cross-validated snippet scores (folds by site), then train on every page and write the model. Deterministic'
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and not __fish_seen_subcommand_from train eval help" -f -a "eval" -d 'Score a page-dump model on DIR\'s .txt dumps against gold snippets, and time it'
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and not __fish_seen_subcommand_from train eval help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from train" -l dumps -d 'Folder of page dumps (`NAME.txt`)' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from train" -l gold -d 'Gold snippets: `{NAME: {"url", "with": [...], "without": [...]}}`' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from train" -l reference -d 'Reference extraction of the same pages (NDJSON with `path` and `body`, e.g. from `run_trafilatura.py` or `newsdex export` of their HTML): labels the other lines' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from train" -l out -d 'Model file to write (the shipped one is models/dump.bin)' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from train" -l folds -d 'Cross-validation folds (0: none)' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from train" -l trees -d 'Number of trees' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from train" -l depth -d 'Depth of each tree' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from train" -l threshold -d 'Lines whose probability of being article text is above this are kept' -r
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from train" -l held-out -d 'Also write each page\'s held-out body (from the fold model that did not see it) to FILE, one JSON object per line with `path` and `body`, for `eval_web.py`' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from train" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from train" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from eval" -l dumps -d 'Folder of page dumps (`NAME.txt`)' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from eval" -l gold -d 'Gold snippets: `{NAME: {"url", "with": [...], "without": [...]}}`' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from eval" -l model -d 'Use this model file instead of the built-in one' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from eval" -l index -d 'Index folder' -r -F
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from eval" -s h -l help -d 'Print help'
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from help" -f -a "train" -d 'Train the page-dump model on DIR\'s .txt dumps, labelled by gold snippets and a reference extraction, report k-fold cross-validated snippet scores (folds by site), then train on every page and write the model. Deterministic'
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from help" -f -a "eval" -d 'Score a page-dump model on DIR\'s .txt dumps against gold snippets, and time it'
complete -c newsdex -n "__fish_newsdex_using_subcommand clean; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "index" -d 'Index a corpus folder (incremental: only new or changed files are read)'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "search" -d 'Full-text search: words, "phrases", AND/OR/NOT, field:value; with filters'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "list" -d 'List articles in date order, with the same filters as search'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "show" -d 'Show one clean article with its metadata'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "stats" -d 'Counts, date span, and the top sources, datelines, people, places and organisations'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "timeline" -d 'Matching articles per day, week, month or year: a bar chart, JSON or CSV'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "related" -d 'People, places and organisations named with the matching articles, most specific first'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "export" -d 'Print articles for another search engine or a spreadsheet, in path order: all, or those a query and filters select; only what changed since a commit with --changed-since'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "mapping" -d 'Print the index template (Elasticsearch, OpenSearch) or index config (Quickwit) for the exported articles'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "completions" -d 'Print a shell completion script'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "man" -d 'Print a manual page (roff): newsdex(1), or newsdex-COMMAND(1) for a subcommand'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "serve" -d 'Serve a search page, article pages and a JSON API in the browser (read-only)'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "ner" -d 'The entity tagger: train, tag and evaluate on CoNLL-2003 files'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "web" -d 'The web-page extractor: train its model, or show what it reads from page files'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "clean" -d 'The page-dump cleaner\'s line model: train it, or score it on labelled page dumps'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and not __fish_seen_subcommand_from index search list show stats timeline related export mapping completions man serve ner web clean help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and __fish_seen_subcommand_from ner" -f -a "train" -d 'Train the tagger on DIR/eng.train and the --also files (scores on DIR/eng.testa are logged per epoch unless it is one of them) and write the model to --out, with the gazetteer files it uses beside it. Deterministic'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and __fish_seen_subcommand_from ner" -f -a "cv" -d 'Cross-validate the training recipe on DIR/eng.train: its documents cut into --folds contiguous blocks, each tagged by a model trained on the others; prints exact-span P/R/F1 per type, pooled and per fold. eng.testa is not read'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and __fish_seen_subcommand_from ner" -f -a "tag" -d 'Tag a CoNLL-2003 file: `token<TAB>gold<TAB>predicted` per token (IOB2), a blank line between sentences'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and __fish_seen_subcommand_from ner" -f -a "eval" -d 'Score the tagger on a CoNLL-2003 file: exact-span P/R/F1 per type and overall (micro over PER, LOC, ORG), and the tagging speed'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and __fish_seen_subcommand_from web" -f -a "train" -d 'Train the block classifier on DIR/html/*.html.gz with DIR/gold.json (snippets that must and must not be in each page\'s body), print the k-fold cross-validated snippet scores, and write the model trained on all pages to --out. Deterministic'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and __fish_seen_subcommand_from web" -f -a "extract" -d 'Print what newsdex reads from web-page files (`.html`, `.htm`, `.xhtml`, optionally gzipped): one JSON object per file with path, url, title, date, day, source and body'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and __fish_seen_subcommand_from clean" -f -a "train" -d 'Train the page-dump model on DIR\'s .txt dumps, labelled by gold snippets and a reference extraction, report k-fold cross-validated snippet scores (folds by site), then train on every page and write the model. Deterministic'
complete -c newsdex -n "__fish_newsdex_using_subcommand help; and __fish_seen_subcommand_from clean" -f -a "eval" -d 'Score a page-dump model on DIR\'s .txt dumps against gold snippets, and time it'
