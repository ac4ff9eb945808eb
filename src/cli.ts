// embedding-lens: a thin command line over the core and the engine.
import { analogyCommand, evalCommand, LoadCancelledError, neighboursCommand, trainCommand, TrainingCancelledError } from './cli/commands';
import { UsageError } from './cli/args';
import { compareCommand } from './cli/compare-command';
import { terminalSafe } from './core/visible-text';

const USAGE = `usage: embedding-lens <command> ...
  train <file-or-folder>... --out <path> [--model sg|cbow-corrected|cbow-word2vec] [--dim N] [--window N]
        [--negative N] [--min-count N] [--max-vocab N] [--sample X] [--epochs N] [--alpha X] [--threads N]
        [--seed N] [--seeds N|auto] [--seed-budget S] [--export-seeds DIR]
        [--format word2vec-text|word2vec-binary|emblens] [--max-file-size MB] [--keep-hyphens] [--no-lowercase]
        [--follow-links] [--no-code] [--code-parts comments,strings,identifiers]
  neighbours <vectors-or-model> <word> [-k N]
  analogy <vectors> <a> <b> <c> [--method add|mul] [-k N]
  eval <vectors> [--analogies file]... [--similarity file]... [--restrict N]
  compare <file-or-folder>... --out-dir DIR [--rules cbow-word2vec,cbow-corrected[,sg]] [--seeds N] [--alpha-grid a,b,...]
        [--equal-time] [--held-out FRACTION] [--analogies file] [--similarity file]... [train flags]
<vectors>: a word2vec text or binary file, fastText .vec, GloVe/kōan headerless text, a Projector vectors.tsv
  (labels from metadata.tsv beside it), or a Spark ML Word2VecModel folder; every command that reads one takes
  [--max-words N] (only the first N words) [--format F] [--metadata FILE] [--label-column C] [--header-row]`;

// Errors a user can fix get one line on stderr; anything else is a bug and keeps its stack.
const USER_ERRORS = new Set(['UsageError', 'CorpusFileError', 'VectorFileError', 'VectorFileTooLargeError', 'OutOfVocabularyError', 'TrainingCancelledError', 'QueryError']);

async function main(argv: string[]): Promise<number> {
  // Messages may quote words and paths from files (a vectors file's words, an analogy file's section names), so
  // control, bidi and invisible characters are escaped here; the commands escape the words they print too.
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${terminalSafe(line, { keepNewlines: true })}\n`);
  const [command, ...rest] = argv;
  const abort = new AbortController();
  process.once('SIGINT', () => {
    err('\ncancelling…');
    abort.abort();
  });
  try {
    switch (command) {
      case 'train': await trainCommand(rest, out, err, abort.signal); break;
      case 'neighbours': case 'neighbors': await neighboursCommand(rest, out, err, abort.signal); break;
      case 'analogy': await analogyCommand(rest, out, err, abort.signal); break;
      case 'eval': await evalCommand(rest, out, err, abort.signal); break;
      case 'compare': await compareCommand(rest, out, err, abort.signal); break;
      case undefined: case '-h': case '--help': case 'help': out(USAGE); return command ? 0 : 2;
      default: throw new UsageError(`unknown command "${command}"\n${USAGE}`);
    }
    return 0;
  } catch (e) {
    const error = e as Error;
    if (error instanceof TrainingCancelledError || error.name === 'AnalysisCancelledError') { err('training cancelled; nothing was written'); return 130; }
    if (error instanceof LoadCancelledError) { err('loading cancelled'); return 130; }
    if (USER_ERRORS.has(error.name) || error instanceof UsageError) { err(`embedding-lens: ${error.message}`); return 2; }
    err(`embedding-lens: internal error: ${error.stack ?? error.message}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
