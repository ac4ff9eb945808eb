// embedding-lens: a thin command line over the core and the engine.
import { analogyCommand, evalCommand, LoadCancelledError, neighboursCommand, trainCommand, TrainingCancelledError } from './cli/commands';
import { UsageError } from './cli/args';

const USAGE = `usage: embedding-lens <command> ...
  train <file-or-folder>... --out <path> [--model sg|cbow-corrected|cbow-word2vec] [--dim N] [--window N]
        [--negative N] [--min-count N] [--max-vocab N] [--sample X] [--epochs N] [--alpha X] [--threads N]
        [--seed N] [--format word2vec-text|word2vec-binary] [--max-file-size MB] [--keep-hyphens] [--no-lowercase]
  neighbours <vectors> <word> [-k N]
  analogy <vectors> <a> <b> <c> [--method add|mul] [-k N]
  eval <vectors> [--analogies file]... [--similarity file]... [--restrict N]
<vectors>: a word2vec text or binary file, fastText .vec, GloVe/kōan headerless text, a Projector vectors.tsv
  (labels from metadata.tsv beside it), or a Spark ML Word2VecModel folder; every command that reads one takes
  [--max-words N] (only the first N words) [--format F] [--metadata FILE] [--label-column C] [--header-row]`;

// Errors a user can fix get one line on stderr; anything else is a bug and keeps its stack.
const USER_ERRORS = new Set(['UsageError', 'CorpusFileError', 'VectorFileError', 'OutOfVocabularyError', 'TrainingCancelledError', 'QueryError']);

async function main(argv: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
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
      case undefined: case '-h': case '--help': case 'help': out(USAGE); return command ? 0 : 2;
      default: throw new UsageError(`unknown command "${command}"\n${USAGE}`);
    }
    return 0;
  } catch (e) {
    const error = e as Error;
    if (error instanceof TrainingCancelledError) { err('training cancelled; nothing was written'); return 130; }
    if (error instanceof LoadCancelledError) { err('loading cancelled'); return 130; }
    if (USER_ERRORS.has(error.name) || error instanceof UsageError) { err(`embedding-lens: ${error.message}`); return 2; }
    err(`embedding-lens: internal error: ${error.stack ?? error.message}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
