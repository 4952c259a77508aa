// Chinese-aware text handling shared by the services (talent's matching, investment's matching and
// duplicate detection): one jieba segmenter per process.
export { tokenize, uniqueTokens, segment, normalise, normalisePhrase, STOPWORDS } from './tokenizer';
