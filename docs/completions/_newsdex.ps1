
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'newsdex' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'newsdex'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'newsdex' {
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Index a corpus folder (incremental: only new or changed files are read)')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Full-text search: words, "phrases", AND/OR/NOT, field:value; with filters')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List articles in date order, with the same filters as search')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one clean article with its metadata')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Counts, date span, and the top sources, datelines, people, places and organisations')
            [CompletionResult]::new('timeline', 'timeline', [CompletionResultType]::ParameterValue, 'Matching articles per day, week, month or year: a bar chart, JSON or CSV')
            [CompletionResult]::new('related', 'related', [CompletionResultType]::ParameterValue, 'People, places and organisations named with the matching articles, most specific first')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print articles for another search engine or a spreadsheet, in path order: all, or those a query and filters select; only what changed since a commit with --changed-since')
            [CompletionResult]::new('mapping', 'mapping', [CompletionResultType]::ParameterValue, 'Print the index template (Elasticsearch, OpenSearch) or index config (Quickwit) for the exported articles')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a manual page (roff): newsdex(1), or newsdex-COMMAND(1) for a subcommand')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve a search page, article pages and a JSON API in the browser (read-only)')
            [CompletionResult]::new('ner', 'ner', [CompletionResultType]::ParameterValue, 'The entity tagger: train, tag and evaluate on CoNLL-2003 files')
            [CompletionResult]::new('web', 'web', [CompletionResultType]::ParameterValue, 'The web-page extractor: train its model, or show what it reads from page files')
            [CompletionResult]::new('clean', 'clean', [CompletionResultType]::ParameterValue, 'The page-dump cleaner''s line model: train it, or score it on labelled page dumps')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'newsdex;index' {
            [CompletionResult]::new('--ext', '--ext', [CompletionResultType]::ParameterName, 'Article file extensions, comma-separated (default `txt,html,htm,xhtml,warc`; each also gzip-compressed, as `.html.gz`). `.html`, `.htm`, `.xhtml` are web pages, `.warc` web archives; any other is read as the archive''s text format')
            [CompletionResult]::new('--commit-every', '--commit-every', [CompletionResultType]::ParameterName, 'Commit after every N articles read, so an interrupted run keeps what it had done')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('--rebuild', '--rebuild', [CompletionResultType]::ParameterName, 'Start over: delete this index and build it again')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Follow symbolic links (loops are detected and reported)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the summary as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Hide the progress bar')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Hide the progress bar')
            [CompletionResult]::new('--no-entities', '--no-entities', [CompletionResultType]::ParameterName, 'Skip entity extraction for the files read in this run (faster; their people, places and organisations stay empty)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;search' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'First day included: YYYY, YYYY-MM or YYYY-MM-DD (the article''s own calendar date)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Last day included: YYYY, YYYY-MM or YYYY-MM-DD (the whole period counts)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only this source agency (case-insensitive)')
            [CompletionResult]::new('--dateline', '--dateline', [CompletionResultType]::ParameterName, 'Only this dateline place (case-insensitive)')
            [CompletionResult]::new('--person', '--person', [CompletionResultType]::ParameterName, 'Only articles mentioning this person (case-insensitive; any spelling the archive shows to be the same person, or an acronym it introduces)')
            [CompletionResult]::new('--place', '--place', [CompletionResultType]::ParameterName, 'Only articles mentioning this place (case-insensitive; any spelling the archive shows to be the same place, or an acronym it introduces)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Only articles mentioning this organisation (case-insensitive; any spelling the archive shows to be the same organisation, or an acronym it introduces)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Results to print')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Results to skip')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order: relevance, date (oldest first) or -date (newest first)')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per line')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'CSV with a header row: the columns of --json')
            [CompletionResult]::new('--facets', '--facets', [CompletionResultType]::ParameterName, 'Also print the top sources, datelines, people, places and organisations of all matches')
            [CompletionResult]::new('--fuzzy', '--fuzzy', [CompletionResultType]::ParameterName, 'Also find other spellings of each word, phrase and name: transliterations (Jamat-ud-Dawa, Jamaat ud Dawah), typos, and acronyms the archive introduces (as `word~` does for one)')
            [CompletionResult]::new('--collapse', '--collapse', [CompletionResultType]::ParameterName, 'One hit per group of copies (its best-ranked match), with how many other copies match')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'newsdex;list' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'First day included: YYYY, YYYY-MM or YYYY-MM-DD (the article''s own calendar date)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Last day included: YYYY, YYYY-MM or YYYY-MM-DD (the whole period counts)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only this source agency (case-insensitive)')
            [CompletionResult]::new('--dateline', '--dateline', [CompletionResultType]::ParameterName, 'Only this dateline place (case-insensitive)')
            [CompletionResult]::new('--person', '--person', [CompletionResultType]::ParameterName, 'Only articles mentioning this person (case-insensitive; any spelling the archive shows to be the same person, or an acronym it introduces)')
            [CompletionResult]::new('--place', '--place', [CompletionResultType]::ParameterName, 'Only articles mentioning this place (case-insensitive; any spelling the archive shows to be the same place, or an acronym it introduces)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Only articles mentioning this organisation (case-insensitive; any spelling the archive shows to be the same organisation, or an acronym it introduces)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Results to print')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Results to skip')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order: date (oldest first) or -date (newest first)')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per line (article objects without body)')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'CSV with a header row: the columns of --json')
            [CompletionResult]::new('--collapse', '--collapse', [CompletionResultType]::ParameterName, 'One article per group of copies (the first in the listing''s order), with how many other copies match')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'newsdex;show' {
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the article object as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;stats' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'First day included: YYYY, YYYY-MM or YYYY-MM-DD (the article''s own calendar date)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Last day included: YYYY, YYYY-MM or YYYY-MM-DD (the whole period counts)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only this source agency (case-insensitive)')
            [CompletionResult]::new('--dateline', '--dateline', [CompletionResultType]::ParameterName, 'Only this dateline place (case-insensitive)')
            [CompletionResult]::new('--person', '--person', [CompletionResultType]::ParameterName, 'Only articles mentioning this person (case-insensitive; any spelling the archive shows to be the same person, or an acronym it introduces)')
            [CompletionResult]::new('--place', '--place', [CompletionResultType]::ParameterName, 'Only articles mentioning this place (case-insensitive; any spelling the archive shows to be the same place, or an acronym it introduces)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Only articles mentioning this organisation (case-insensitive; any spelling the archive shows to be the same organisation, or an acronym it introduces)')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'How many top values to show for each facet')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;timeline' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'First day included: YYYY, YYYY-MM or YYYY-MM-DD (the article''s own calendar date)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Last day included: YYYY, YYYY-MM or YYYY-MM-DD (the whole period counts)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only this source agency (case-insensitive)')
            [CompletionResult]::new('--dateline', '--dateline', [CompletionResultType]::ParameterName, 'Only this dateline place (case-insensitive)')
            [CompletionResult]::new('--person', '--person', [CompletionResultType]::ParameterName, 'Only articles mentioning this person (case-insensitive; any spelling the archive shows to be the same person, or an acronym it introduces)')
            [CompletionResult]::new('--place', '--place', [CompletionResultType]::ParameterName, 'Only articles mentioning this place (case-insensitive; any spelling the archive shows to be the same place, or an acronym it introduces)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Only articles mentioning this organisation (case-insensitive; any spelling the archive shows to be the same organisation, or an acronym it introduces)')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Period: day, ISO week (Monday to Sunday, `2009-W02`), month, year, or auto (the finest giving at most about 60 bars)')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per line: {"period": "2009-01", "start": "2009-01-01", "count": 12}')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'CSV with a header row: period,start,count')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'newsdex;related' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'First day included: YYYY, YYYY-MM or YYYY-MM-DD (the article''s own calendar date)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Last day included: YYYY, YYYY-MM or YYYY-MM-DD (the whole period counts)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only this source agency (case-insensitive)')
            [CompletionResult]::new('--dateline', '--dateline', [CompletionResultType]::ParameterName, 'Only this dateline place (case-insensitive)')
            [CompletionResult]::new('--person', '--person', [CompletionResultType]::ParameterName, 'Only articles mentioning this person (case-insensitive; any spelling the archive shows to be the same person, or an acronym it introduces)')
            [CompletionResult]::new('--place', '--place', [CompletionResultType]::ParameterName, 'Only articles mentioning this place (case-insensitive; any spelling the archive shows to be the same place, or an acronym it introduces)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Only articles mentioning this organisation (case-insensitive; any spelling the archive shows to be the same organisation, or an acronym it introduces)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Names to print')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per line: {"field": "person", "value": "…", "count": 4, "score": 31.2}')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'CSV with a header row: field,value,count,score')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;export' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'First day included: YYYY, YYYY-MM or YYYY-MM-DD (the article''s own calendar date)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Last day included: YYYY, YYYY-MM or YYYY-MM-DD (the whole period counts)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only this source agency (case-insensitive)')
            [CompletionResult]::new('--dateline', '--dateline', [CompletionResultType]::ParameterName, 'Only this dateline place (case-insensitive)')
            [CompletionResult]::new('--person', '--person', [CompletionResultType]::ParameterName, 'Only articles mentioning this person (case-insensitive; any spelling the archive shows to be the same person, or an acronym it introduces)')
            [CompletionResult]::new('--place', '--place', [CompletionResultType]::ParameterName, 'Only articles mentioning this place (case-insensitive; any spelling the archive shows to be the same place, or an acronym it introduces)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Only articles mentioning this organisation (case-insensitive; any spelling the archive shows to be the same organisation, or an acronym it introduces)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--target-index', '--target-index', [CompletionResultType]::ParameterName, 'Index name in the bulk action lines')
            [CompletionResult]::new('--changed-since', '--changed-since', [CompletionResultType]::ParameterName, 'Only what changed after this commit marker (as index and stats print it), removals included')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'newsdex;mapping' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'The search engine')
            [CompletionResult]::new('--target-index', '--target-index', [CompletionResultType]::ParameterName, 'Index name: the template applies to NAME and NAME-* (Elasticsearch, OpenSearch); the index id (Quickwit)')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'newsdex;completions' {
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;man' {
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;serve' {
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Address to listen on. The default answers this machine only; another address (e.g. 0.0.0.0:7700) lets anyone who can reach it read the whole index. Port 0 picks a free port')
            [CompletionResult]::new('--timeout-ms', '--timeout-ms', [CompletionResultType]::ParameterName, 'How long one request may wait and work before it is answered 503, in milliseconds')
            [CompletionResult]::new('--max-concurrent', '--max-concurrent', [CompletionResultType]::ParameterName, 'Requests searching the index at once; more wait their turn (default: twice the cores)')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;ner' {
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train the tagger on DIR/eng.train and the --also files (scores on DIR/eng.testa are logged per epoch unless it is one of them) and write the model to --out, with the gazetteer files it uses beside it. Deterministic')
            [CompletionResult]::new('cv', 'cv', [CompletionResultType]::ParameterValue, 'Cross-validate the training recipe on DIR/eng.train: its documents cut into --folds contiguous blocks, each tagged by a model trained on the others; prints exact-span P/R/F1 per type, pooled and per fold. eng.testa is not read')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Tag a CoNLL-2003 file: `token<TAB>gold<TAB>predicted` per token (IOB2), a blank line between sentences')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Score the tagger on a CoNLL-2003 file: exact-span P/R/F1 per type and overall (micro over PER, LOC, ORG), and the tagging speed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'newsdex;ner;train' {
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Folder with eng.train (and optionally eng.testa), CoNLL-2003 format')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Model file to write (the shipped one is models/ner.bin)')
            [CompletionResult]::new('--gazetteer', '--gazetteer', [CompletionResultType]::ParameterName, 'Folder with places.tsv, first_names.tsv and demonyms.tsv')
            [CompletionResult]::new('--unlabeled', '--unlabeled', [CompletionResultType]::ParameterName, 'Folders of unlabeled .txt/.sgm news text for the word clusters (repeatable)')
            [CompletionResult]::new('--epochs', '--epochs', [CompletionResultType]::ParameterName, 'Passes over the training data')
            [CompletionResult]::new('--min-row-weight', '--min-row-weight', [CompletionResultType]::ParameterName, 'Drop features whose largest quantised weight is below this (0 keeps all)')
            [CompletionResult]::new('--dropout', '--dropout', [CompletionResultType]::ParameterName, 'Feature dropout in training: leave a token''s features of GROUP (word, affix, gaz, cluster, doc, other) out of a training step with probability P, instead of the shipped recipe''s (repeatable)')
            [CompletionResult]::new('--without', '--without', [CompletionResultType]::ParameterName, 'Leave these feature templates (numbers, comma-separated) out of training, to measure what they bring')
            [CompletionResult]::new('--min-count', '--min-count', [CompletionResultType]::ParameterName, 'Give no weight to static features seen fewer than N times in training')
            [CompletionResult]::new('--also', '--also', [CompletionResultType]::ParameterName, 'More labelled CoNLL-2003 files to train on (repeatable), e.g. DIR/eng.testa: `ner train` adds them to eng.train (and no longer scores eng.testa when it is one of them); `ner cv` adds them to every fold''s training documents, never to a held-out block, so the scores say what the extra data brings on text still unseen')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;ner;cv' {
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Folder with eng.train, CoNLL-2003 format')
            [CompletionResult]::new('--folds', '--folds', [CompletionResultType]::ParameterName, 'Number of folds')
            [CompletionResult]::new('--predictions', '--predictions', [CompletionResultType]::ParameterName, 'Also write the held-out predictions to FILE, as `ner tag` prints them')
            [CompletionResult]::new('--gazetteer', '--gazetteer', [CompletionResultType]::ParameterName, 'Folder with places.tsv, first_names.tsv and demonyms.tsv')
            [CompletionResult]::new('--unlabeled', '--unlabeled', [CompletionResultType]::ParameterName, 'Folders of unlabeled .txt/.sgm news text for the word clusters (repeatable)')
            [CompletionResult]::new('--epochs', '--epochs', [CompletionResultType]::ParameterName, 'Passes over the training data')
            [CompletionResult]::new('--min-row-weight', '--min-row-weight', [CompletionResultType]::ParameterName, 'Drop features whose largest quantised weight is below this (0 keeps all)')
            [CompletionResult]::new('--dropout', '--dropout', [CompletionResultType]::ParameterName, 'Feature dropout in training: leave a token''s features of GROUP (word, affix, gaz, cluster, doc, other) out of a training step with probability P, instead of the shipped recipe''s (repeatable)')
            [CompletionResult]::new('--without', '--without', [CompletionResultType]::ParameterName, 'Leave these feature templates (numbers, comma-separated) out of training, to measure what they bring')
            [CompletionResult]::new('--min-count', '--min-count', [CompletionResultType]::ParameterName, 'Give no weight to static features seen fewer than N times in training')
            [CompletionResult]::new('--also', '--also', [CompletionResultType]::ParameterName, 'More labelled CoNLL-2003 files to train on (repeatable), e.g. DIR/eng.testa: `ner train` adds them to eng.train (and no longer scores eng.testa when it is one of them); `ner cv` adds them to every fold''s training documents, never to a held-out block, so the scores say what the extra data brings on text still unseen')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;ner;tag' {
            [CompletionResult]::new('--conll', '--conll', [CompletionResultType]::ParameterName, 'The CoNLL-2003 file (`word POS chunk tag` lines, -DOCSTART- lines, blank lines)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Use this model file (with its gazetteer files beside it) instead of the built-in one')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;ner;eval' {
            [CompletionResult]::new('--conll', '--conll', [CompletionResultType]::ParameterName, 'The CoNLL-2003 file')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Use this model file (with its gazetteer files beside it) instead of the built-in one')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;ner;help' {
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train the tagger on DIR/eng.train and the --also files (scores on DIR/eng.testa are logged per epoch unless it is one of them) and write the model to --out, with the gazetteer files it uses beside it. Deterministic')
            [CompletionResult]::new('cv', 'cv', [CompletionResultType]::ParameterValue, 'Cross-validate the training recipe on DIR/eng.train: its documents cut into --folds contiguous blocks, each tagged by a model trained on the others; prints exact-span P/R/F1 per type, pooled and per fold. eng.testa is not read')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Tag a CoNLL-2003 file: `token<TAB>gold<TAB>predicted` per token (IOB2), a blank line between sentences')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Score the tagger on a CoNLL-2003 file: exact-span P/R/F1 per type and overall (micro over PER, LOC, ORG), and the tagging speed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'newsdex;ner;help;train' {
            break
        }
        'newsdex;ner;help;cv' {
            break
        }
        'newsdex;ner;help;tag' {
            break
        }
        'newsdex;ner;help;eval' {
            break
        }
        'newsdex;ner;help;help' {
            break
        }
        'newsdex;web' {
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train the block classifier on DIR/html/*.html.gz with DIR/gold.json (snippets that must and must not be in each page''s body), print the k-fold cross-validated snippet scores, and write the model trained on all pages to --out. Deterministic')
            [CompletionResult]::new('extract', 'extract', [CompletionResultType]::ParameterValue, 'Print what newsdex reads from web-page files (`.html`, `.htm`, `.xhtml`, optionally gzipped): one JSON object per file with path, url, title, date, day, source and body')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'newsdex;web;train' {
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Folder with html/ and gold.json (the layout of web-dev)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Model file to write (the shipped one is models/web.bin); none: only cross-validate')
            [CompletionResult]::new('--folds', '--folds', [CompletionResultType]::ParameterName, 'Folds of the cross-validation by site (0: none)')
            [CompletionResult]::new('--split', '--split', [CompletionResultType]::ParameterName, 'Pages to use: all, or the `dev` or `test` part of a fixed split by site (a fifth of the sites are `test`, never used to tune anything)')
            [CompletionResult]::new('--eval-split', '--eval-split', [CompletionResultType]::ParameterName, 'After training on --split, also score the model on this part')
            [CompletionResult]::new('--epochs', '--epochs', [CompletionResultType]::ParameterName, 'Passes over the data')
            [CompletionResult]::new('--inside', '--inside', [CompletionResultType]::ParameterName, 'Keep a block inside the main container above this probability')
            [CompletionResult]::new('--outside', '--outside', [CompletionResultType]::ParameterName, 'Keep a block outside the main container above this probability')
            [CompletionResult]::new('--center', '--center', [CompletionResultType]::ParameterName, 'The probability of no evidence when choosing the main container')
            [CompletionResult]::new('--dump', '--dump', [CompletionResultType]::ParameterName, 'Write each page''s cross-validated body to this file (`{"path", "body"}` per line, for `eval_web.py`)')
            [CompletionResult]::new('--without-fold', '--without-fold', [CompletionResultType]::ParameterName, 'Fit the written model without the pages of this fold of --folds (to look at that fold''s pages with `web extract --model`)')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;web;extract' {
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Use this model file instead of the built-in one')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('--blocks', '--blocks', [CompletionResultType]::ParameterName, 'Instead, print every text block of each page: kept (`+`) or not (`-`), its probability of being article text, whether it is in the main container (`*`), its tag and text')
            [CompletionResult]::new('--features', '--features', [CompletionResultType]::ParameterName, 'With --blocks: also the features that weigh most in each block''s score')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;web;help' {
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train the block classifier on DIR/html/*.html.gz with DIR/gold.json (snippets that must and must not be in each page''s body), print the k-fold cross-validated snippet scores, and write the model trained on all pages to --out. Deterministic')
            [CompletionResult]::new('extract', 'extract', [CompletionResultType]::ParameterValue, 'Print what newsdex reads from web-page files (`.html`, `.htm`, `.xhtml`, optionally gzipped): one JSON object per file with path, url, title, date, day, source and body')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'newsdex;web;help;train' {
            break
        }
        'newsdex;web;help;extract' {
            break
        }
        'newsdex;web;help;help' {
            break
        }
        'newsdex;clean' {
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train the page-dump model on DIR''s .txt dumps, labelled by gold snippets and a reference extraction, report k-fold cross-validated snippet scores (folds by site), then train on every page and write the model. Deterministic')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Score a page-dump model on DIR''s .txt dumps against gold snippets, and time it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'newsdex;clean;train' {
            [CompletionResult]::new('--dumps', '--dumps', [CompletionResultType]::ParameterName, 'Folder of page dumps (`NAME.txt`)')
            [CompletionResult]::new('--gold', '--gold', [CompletionResultType]::ParameterName, 'Gold snippets: `{NAME: {"url", "with": [...], "without": [...]}}`')
            [CompletionResult]::new('--reference', '--reference', [CompletionResultType]::ParameterName, 'Reference extraction of the same pages (NDJSON with `path` and `body`, e.g. from `run_trafilatura.py` or `newsdex export` of their HTML): labels the other lines')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Model file to write (the shipped one is models/dump.bin)')
            [CompletionResult]::new('--folds', '--folds', [CompletionResultType]::ParameterName, 'Cross-validation folds (0: none)')
            [CompletionResult]::new('--trees', '--trees', [CompletionResultType]::ParameterName, 'Number of trees')
            [CompletionResult]::new('--depth', '--depth', [CompletionResultType]::ParameterName, 'Depth of each tree')
            [CompletionResult]::new('--threshold', '--threshold', [CompletionResultType]::ParameterName, 'Lines whose probability of being article text is above this are kept')
            [CompletionResult]::new('--held-out', '--held-out', [CompletionResultType]::ParameterName, 'Also write each page''s held-out body (from the fold model that did not see it) to FILE, one JSON object per line with `path` and `body`, for `eval_web.py`')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;clean;eval' {
            [CompletionResult]::new('--dumps', '--dumps', [CompletionResultType]::ParameterName, 'Folder of page dumps (`NAME.txt`)')
            [CompletionResult]::new('--gold', '--gold', [CompletionResultType]::ParameterName, 'Gold snippets: `{NAME: {"url", "with": [...], "without": [...]}}`')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Use this model file instead of the built-in one')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Index folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'newsdex;clean;help' {
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train the page-dump model on DIR''s .txt dumps, labelled by gold snippets and a reference extraction, report k-fold cross-validated snippet scores (folds by site), then train on every page and write the model. Deterministic')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Score a page-dump model on DIR''s .txt dumps against gold snippets, and time it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'newsdex;clean;help;train' {
            break
        }
        'newsdex;clean;help;eval' {
            break
        }
        'newsdex;clean;help;help' {
            break
        }
        'newsdex;help' {
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Index a corpus folder (incremental: only new or changed files are read)')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Full-text search: words, "phrases", AND/OR/NOT, field:value; with filters')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List articles in date order, with the same filters as search')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one clean article with its metadata')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Counts, date span, and the top sources, datelines, people, places and organisations')
            [CompletionResult]::new('timeline', 'timeline', [CompletionResultType]::ParameterValue, 'Matching articles per day, week, month or year: a bar chart, JSON or CSV')
            [CompletionResult]::new('related', 'related', [CompletionResultType]::ParameterValue, 'People, places and organisations named with the matching articles, most specific first')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print articles for another search engine or a spreadsheet, in path order: all, or those a query and filters select; only what changed since a commit with --changed-since')
            [CompletionResult]::new('mapping', 'mapping', [CompletionResultType]::ParameterValue, 'Print the index template (Elasticsearch, OpenSearch) or index config (Quickwit) for the exported articles')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a manual page (roff): newsdex(1), or newsdex-COMMAND(1) for a subcommand')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve a search page, article pages and a JSON API in the browser (read-only)')
            [CompletionResult]::new('ner', 'ner', [CompletionResultType]::ParameterValue, 'The entity tagger: train, tag and evaluate on CoNLL-2003 files')
            [CompletionResult]::new('web', 'web', [CompletionResultType]::ParameterValue, 'The web-page extractor: train its model, or show what it reads from page files')
            [CompletionResult]::new('clean', 'clean', [CompletionResultType]::ParameterValue, 'The page-dump cleaner''s line model: train it, or score it on labelled page dumps')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'newsdex;help;index' {
            break
        }
        'newsdex;help;search' {
            break
        }
        'newsdex;help;list' {
            break
        }
        'newsdex;help;show' {
            break
        }
        'newsdex;help;stats' {
            break
        }
        'newsdex;help;timeline' {
            break
        }
        'newsdex;help;related' {
            break
        }
        'newsdex;help;export' {
            break
        }
        'newsdex;help;mapping' {
            break
        }
        'newsdex;help;completions' {
            break
        }
        'newsdex;help;man' {
            break
        }
        'newsdex;help;serve' {
            break
        }
        'newsdex;help;ner' {
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train the tagger on DIR/eng.train and the --also files (scores on DIR/eng.testa are logged per epoch unless it is one of them) and write the model to --out, with the gazetteer files it uses beside it. Deterministic')
            [CompletionResult]::new('cv', 'cv', [CompletionResultType]::ParameterValue, 'Cross-validate the training recipe on DIR/eng.train: its documents cut into --folds contiguous blocks, each tagged by a model trained on the others; prints exact-span P/R/F1 per type, pooled and per fold. eng.testa is not read')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Tag a CoNLL-2003 file: `token<TAB>gold<TAB>predicted` per token (IOB2), a blank line between sentences')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Score the tagger on a CoNLL-2003 file: exact-span P/R/F1 per type and overall (micro over PER, LOC, ORG), and the tagging speed')
            break
        }
        'newsdex;help;ner;train' {
            break
        }
        'newsdex;help;ner;cv' {
            break
        }
        'newsdex;help;ner;tag' {
            break
        }
        'newsdex;help;ner;eval' {
            break
        }
        'newsdex;help;web' {
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train the block classifier on DIR/html/*.html.gz with DIR/gold.json (snippets that must and must not be in each page''s body), print the k-fold cross-validated snippet scores, and write the model trained on all pages to --out. Deterministic')
            [CompletionResult]::new('extract', 'extract', [CompletionResultType]::ParameterValue, 'Print what newsdex reads from web-page files (`.html`, `.htm`, `.xhtml`, optionally gzipped): one JSON object per file with path, url, title, date, day, source and body')
            break
        }
        'newsdex;help;web;train' {
            break
        }
        'newsdex;help;web;extract' {
            break
        }
        'newsdex;help;clean' {
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train the page-dump model on DIR''s .txt dumps, labelled by gold snippets and a reference extraction, report k-fold cross-validated snippet scores (folds by site), then train on every page and write the model. Deterministic')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Score a page-dump model on DIR''s .txt dumps against gold snippets, and time it')
            break
        }
        'newsdex;help;clean;train' {
            break
        }
        'newsdex;help;clean;eval' {
            break
        }
        'newsdex;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
