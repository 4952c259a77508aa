// Chinese-aware tokenisation: jieba (search mode) over NFKC-normalised, lower-cased text, without
// stopwords, punctuation and whitespace. One shared Jieba instance for the process.
import { createRequire } from 'node:module';

interface JiebaLike {
  cutForSearch(sentence: string, hmm?: boolean): string[];
  cut(sentence: string, hmm?: boolean): string[];
}

let jieba: JiebaLike | undefined;
function instance(): JiebaLike {
  if (!jieba) {
    const load = createRequire(__filename);
    const { Jieba } = load('@node-rs/jieba') as { Jieba: { withDict(dict: Uint8Array): JiebaLike } };
    const { dict } = load('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

/** Function words and filler that say nothing about expertise. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    '的 了 和 与 及 以及 或 或者 等 等等 在 对 对于 为 是 并 并且 将 把 被 从 向 于 其 之 ' +
    '我 我们 你 你们 他 他们 她 它 这 那 这个 那个 这些 那些 个 一个 有 也 都 就 而 且 ' +
    '及其 通过 进行 开展 相关 方面 具有 能够 主要 提供 以上 以下 之一 一些 多个 多项 各 该 ' +
    '所 由 如 如何 并且 同时 包括 用于 关于 针对 方向 领域 工作 长期 从事 擅长 曾 已 已经 ' +
    'the a an of and or for to in on with by at'
  ).split(/\s+/),
);

const PUNCT_OR_SPACE = /^[\p{P}\p{S}\p{Z}\p{C}]+$/u;

/** NFKC (full-width → half-width), lower case, collapsed whitespace. */
export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const CACHE_LIMIT = 100_000;
const cache = new Map<string, readonly string[]>();

/**
 * Tokens of a text, in order, duplicates kept (search mode: 丹江口 yields 丹江, 江口, 丹江口).
 * Short strings (skills, queries) are memoised.
 */
export function tokenize(text: string): readonly string[] {
  const short = text.length <= 32;
  if (short) {
    const hit = cache.get(text);
    if (hit) return hit;
  }
  const norm = normalise(text);
  const out: string[] = [];
  if (norm) {
    for (const token of instance().cutForSearch(norm, true)) {
      const t = token.trim();
      if (!t || PUNCT_OR_SPACE.test(t) || STOPWORDS.has(t)) continue;
      out.push(t);
    }
  }
  if (short) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, out);
  }
  return out;
}

/** Distinct tokens, in first-seen order. */
export function uniqueTokens(text: string): string[] {
  return [...new Set(tokenize(text))];
}

/** Precise-mode segmentation (no overlapping sub-words), for display and tests. */
export function segment(text: string): string[] {
  return instance()
    .cut(normalise(text), true)
    .map((t) => t.trim())
    .filter((t) => t && !PUNCT_OR_SPACE.test(t) && !STOPWORDS.has(t));
}

/** A skill phrase in its canonical form: normalised, without inner whitespace and punctuation. */
export function normalisePhrase(phrase: string): string {
  return normalise(phrase).replace(/[\p{P}\p{S}\p{Z}]+/gu, '');
}
