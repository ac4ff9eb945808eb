// The compare's verdict (pure): a short paragraph built only from the figures and their intervals. It states a
// difference only when its 95 % interval excludes zero, and says "no difference beyond seed noise" otherwise.
import type { CompareData, CompareQualityRow, Interval } from '../../protocol';
import { excludesZero } from './stats';
import { formatFixed } from '../format';

const pts = (x: number) => formatFixed(x * 100, 1);
const ci = (i: Interval, f: (x: number) => string) => `${f(i.mean)} [${f(i.ci95[0])}, ${f(i.ci95[1])}]`;
const two = (x: number) => formatFixed(x, 2);
const signed = (f: (x: number) => string) => (x: number) => `${x > 0 && Number(f(x)) !== 0 ? '+' : ''}${f(x)}`;

/** "better" / "worse" for rules[1] against rules[0], from a paired difference (rules[1] − rules[0]). */
function direction(d: Interval): 'higher' | 'lower' | undefined {
  if (!excludesZero(d)) return undefined;
  return d.mean > 0 ? 'higher' : 'lower';
}

function qualitySentence(q: CompareQualityRow, a: string, b: string): string {
  const what = q.kind === 'analogies' ? `analogy accuracy (${q.file})` : `Spearman ρ on ${q.file}`;
  const cover = `${q.items} of ${q.total} ${q.kind === 'analogies' ? 'questions' : 'pairs'} covered`;
  if (!q.meaningful || !q.difference) return `${what}: too few ${q.kind === 'analogies' ? 'questions' : 'pairs'} are covered to tell (${cover}).`;
  const f = q.kind === 'analogies' ? pts : two;
  const dir = direction(q.difference);
  const diff = `${ci(q.difference, signed(f))}${q.kind === 'analogies' ? ' points' : ''}`;
  return dir ? `${b} is ${dir} on ${what}: ${diff} (${cover}).` : `No difference in ${what} beyond seed noise: ${diff} (${cover}).`;
}

export function compareVerdict(d: Omit<CompareData, 'verdict'>): string {
  const [ra, rb] = [d.rules[0]!, d.rules[1]!];
  const a = ra.label;
  const b = rb.label;
  const out: string[] = [];
  const seedText = `${d.seeds} matched seeds per rule`;
  if (d.seeds < 3) out.push(`With ${d.seeds} seeds the intervals cannot include how much the seeds themselves vary, and no single word can be called changed: use 3 or more (embeddingLens.compare.seeds).`);
  // 1. neighbourhoods: the rule's effect against the noise floor
  const floor = `within-rule overlap@10 ${two(ra.within!.mean)} (${a}) and ${two(rb.within!.mean)} (${b}), between the rules ${two(d.between.mean)}`;
  if (excludesZero(d.excess) && d.excess.mean > 0) {
    out.push(`The rule changes neighbourhoods beyond seed noise: excess change ${ci(d.excess, two)} over the ${d.words} most frequent words (${floor}; ${seedText}); ${d.beyondNoise} words change beyond noise on their own.`);
  } else {
    out.push(`No change in neighbourhoods beyond seed noise: excess change ${ci(d.excess, two)} (${floor}; ${seedText}).`);
  }
  // 2. the held-out score, which works on any corpus
  if (d.heldOutDifference && d.split.meaningful) {
    const t10 = d.heldOutDifference.top10;
    const dir = direction(t10);
    const scores = `top-10 ${pts(rb.heldOutTop10!.mean)} % against ${pts(ra.heldOutTop10!.mean)} %`;
    out.push(dir
      ? `On held-out sentences, ${b} predicts the centre word ${dir === 'higher' ? 'better' : 'worse'}: ${scores}, difference ${ci(t10, signed(pts))} points (${d.split.positions} positions in ${d.split.testSentences} sentences).`
      : `On held-out sentences, no difference beyond seed noise: ${scores}, difference ${ci(t10, signed(pts))} points.`);
  } else if (d.heldOutDifference) {
    out.push(`Too few held-out sentences (${d.split.testSentences}) to score the rules on the corpus itself.`);
  }
  // 3. the evaluation files, each with its coverage
  for (const q of d.quality) out.push(qualitySentence(q, a, b));
  // 4. time
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ratio = mean(rb.seconds) / mean(ra.seconds);
  out.push(`${b} took ${ratio.toFixed(2)}× the training time of ${a} (${mean(rb.seconds).toFixed(1)} s against ${mean(ra.seconds).toFixed(1)} s a seed).`);
  for (const ref of d.rules.slice(2)) {
    const vs = ref.heldOutTop10VsCorrected;
    const t = `${mean(ref.seconds).toFixed(1)} s a seed, ${ref.epochs} epochs`;
    if (vs && d.split.meaningful) {
      const dir = direction(vs);
      out.push(dir
        ? `${ref.label} (${t}) is ${dir} than ${b} on held-out top-10: ${ci(vs, signed(pts))} points.`
        : `${ref.label} (${t}): no held-out difference from ${b} beyond seed noise (${ci(vs, signed(pts))} points).`);
    } else {
      out.push(`${ref.label}: ${t}.`);
    }
  }
  // 5. learning rates
  if (d.alphaSweep) {
    out.push(`Each rule ran at the α that scored best on the validation sentences: ${d.rules.slice(0, 2).map((r) => `${r.label} ${r.alpha}`).join(', ')} (grid ${d.alphaSweep.grid.join(', ')}).`);
  } else {
    out.push(`Each rule ran at its default α (${a} ${ra.alpha}, ${b} ${rb.alpha}), so a difference may come from the learning rate as much as from the rule; the α sweep (embeddingLens.compare.alphaGrid) tests that.`);
  }
  return out.join(' ');
}
