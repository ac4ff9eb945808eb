"""gensim as the benchmark's peer: train (sg or cbow) on a pre-tokenised corpus file, or score a
vectors file with gensim's own evaluate_word_analogies / evaluate_word_pairs. Prints one JSON line."""
import json
import resource
import sys
import time


def score(vectors, analogies, sims):
    from gensim.models import KeyedVectors
    binary = vectors.endswith('.bin')
    no_header = False
    if not binary:  # kōan writes its text vectors without word2vec's "count dim" header line
        with open(vectors, encoding='utf8') as f:
            no_header = len(f.readline().split()) != 2
    kv = KeyedVectors.load_word2vec_format(vectors, binary=binary, no_header=no_header)
    out = {}
    total, sections = kv.evaluate_word_analogies(analogies, restrict_vocab=300000, case_insensitive=True)
    sem = [s for s in sections if not s['section'].startswith('gram') and s['section'] != 'Total accuracy']
    syn = [s for s in sections if s['section'].startswith('gram')]
    acc = lambda ss: sum(len(s['correct']) for s in ss) / max(1, sum(len(s['correct']) + len(s['incorrect']) for s in ss))
    out['analogy'] = {'total': total, 'semantic': acc(sem), 'syntactic': acc(syn)}
    for name, path in sims:
        pearson, spearman, oov = kv.evaluate_word_pairs(path, case_insensitive=True)
        out[name] = spearman[0] if hasattr(spearman, '__getitem__') else spearman.statistic
    return out


def train(corpus_file, model, out, dim, window, negative, min_count, sample, epochs, threads):
    from gensim.models import Word2Vec
    start = time.time()
    m = Word2Vec(corpus_file=corpus_file, sg=1 if model == 'sg' else 0, vector_size=dim, window=window,
                 negative=negative, hs=0, min_count=min_count, sample=sample, epochs=epochs, workers=threads)
    seconds = time.time() - start
    m.wv.save_word2vec_format(out)
    words = m.corpus_total_words * epochs
    return {'seconds': seconds, 'wordsPerSecond': words / seconds, 'vocab': len(m.wv),
            'maxRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


if __name__ == '__main__':
    args = json.loads(sys.argv[1])
    if args['action'] == 'score':
        print(json.dumps(score(args['vectors'], args['analogies'], args['similarity'])))
    else:
        print(json.dumps(train(args['corpus'], args['model'], args['out'], args['dim'], args['window'], args['negative'],
                               args['minCount'], args['sample'], args['epochs'], args['threads'])))
