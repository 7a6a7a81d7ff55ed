"""The query planner: what to match, tier by tier, the way Meilisearch, Typesense and Algolia relax a query,
adapted to Chinese.

- tier 1, `exact`: each clause as written (a phrase of bigrams, any field), or one of its thesaurus
  alternatives — or every word of the query in the title, in any order (a title states what a case is
  about, in whatever order);
- tier 2, `all_words`: every word of the query (jieba words with the domain dictionary, a thesaurus term
  kept whole, each with its thesaurus alternatives) present, in any order, punctuation and gaps allowed;
  closer ranks higher; when that finds fewer than a handful, also with each compound as the words that
  tile it (用电报装 → 用电 + 报装: 报装用电 and 用电…报装 are the same topic);
- tier 3, `partial`: only when tiers 1–2 find fewer than a handful, the rarest words alone, as long as
  they carry a minimum share of the query's IDF weight and none of them is absent from the catalogue — so
  a topic the catalogue does not have still finds nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .query import CLAUSE, MAX_CLAUSES, And, Or, Phrase, Synonyms, clean, phrase_tree, term_tree
from .thesaurus import name_alternatives
from .tokens import bigram_stream, is_cjk, runs, tokenizer

HANDFUL = 5
MIN_IDF_SHARE = 0.6
# Particles and conjunctions that a query may or may not carry (拿地即开工 / 拿地开工).
STOP_CHARS = frozenset("的了和与及或即在对等之为把被将并且也及其中")


@dataclass
class Plan:
    exact: object = None  # tier 1 tree
    all_words: object = None  # tier 2 tree (None when it is the same as tier 1)
    proximity: list = field(default_factory=list)  # phrase trees that reward words standing close
    words: list = field(default_factory=list)  # (word, tree) of tier 2, for tier 3
    # Tier 2 again with each compound word (4+ characters) as the words it is made of (用电报装 → 用电, 报装;
    # 免费刻章 → 免费, 刻章), asked only when tiers 1–2 find fewer than a handful: None when nothing splits.
    compounds: object = None
    exclude: list = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # thesaurus alternatives searched
    terms: list[str] = field(default_factory=list)  # normalised strings to highlight

    @property
    def is_empty(self) -> bool:
        return self.exact is None and not self.exclude

    def key(self) -> tuple:
        return (self.exact, self.all_words, tuple(self.proximity), tuple(t for _, t in self.words), tuple(self.exclude))


def _either(trees):
    trees = list(dict.fromkeys(t for t in trees if t is not None))
    if not trees:
        return None
    return trees[0] if len(trees) == 1 else Or(tuple(trees))


def _synonyms(term: str, alternatives: list[str]):
    """A term's tree widened with its alternatives — less those that contain the term (深圳市 for 深圳):
    every case they match, the term matches already, and searching them would only cost."""
    literal = term_tree(term)
    trees = tuple(dict.fromkeys(t for a in alternatives if term not in a and (t := term_tree(a)) is not None and t != literal))
    if literal is None:
        return _either(trees)
    return Synonyms(literal, trees) if trees else literal


def _all(trees):
    trees = [t for t in trees if t is not None]
    if not trees:
        return None
    return trees[0] if len(trees) == 1 else And(tuple(trees))


MIN_TERM, MAX_TERM = 3, 16
MAX_PROXIMITY = 16  # bigrams of a clause whose closeness is rewarded


def _protected(run: str, terms) -> list[tuple[str, bool]]:
    """A run cut around the thesaurus terms it holds, leftmost-longest as a segmenter reads (施工许可证办理 →
    施工许可证 + 办理), so a term the thesaurus widens stays one word whatever jieba would make of it; the
    run itself is not a term here (the clause as a whole was looked up already). `terms`: anything with `in`."""
    pieces: list[tuple[str, bool]] = []
    plain, at = 0, 0
    while at <= len(run) - MIN_TERM:
        size = next((n for n in range(min(MAX_TERM, len(run) - at), MIN_TERM - 1, -1)
                     if n < len(run) and run[at : at + n] in terms), 0)
        if size:
            pieces += [(run[plain:at], False)] if at > plain else []
            pieces.append((run[at : at + size], True))
            at = plain = at + size
        else:
            at += 1
    return pieces + ([(run[plain:], False)] if plain < len(run) else [])


def segment(text: str, known=None, terms=()) -> list[str]:
    """The words of a normalised clause: jieba words with the domain dictionary, particles dropped, and a
    lone character joined to the word before it (or after it), since a query's single characters are
    usually a word jieba cut wrong (水电/气 → 水电气, 拿/地/开工 → 拿地, 开工) — when `known` says the
    catalogue has the joined word (金融/工作/局 stays apart if no case says 工作局)."""
    def joins(word: str) -> bool:
        return known is None or known(word)

    pieces: list[str] = []
    for whole in runs(text):
        if not is_cjk(whole):
            pieces.append(whole)
            continue
        for run, is_term in _protected(whole, terms):
            if is_term:
                pieces.append(run)
            else:
                pieces += _cut(run, joins)
    return list(dict.fromkeys(pieces))


def _cut(run: str, joins) -> list[str]:
    """jieba's words of a CJK run, particles dropped and lone characters joined (see `segment`)."""
    words: list[str | None] = []
    glue = False  # the next lone character joins the word before it
    for word in tokenizer().cut(run, HMM=False):
        if len(word) == 1 and word in STOP_CHARS:
            glue = False
            words.append(None)  # a boundary: nothing joins across a particle
            continue
        if len(word) == 1 and words and words[-1] is not None and glue and joins(words[-1] + word):
            words[-1] += word
        elif words and words[-1] is not None and len(words[-1]) == 1 and joins(words[-1] + word):
            words[-1] += word  # a lone character before this word joins it
        else:
            words.append(word)
        glue = True
    return [w for w in words if w]


def compound_parts(word: str, known=None) -> list[str]:
    """A compound of 4+ characters as the fewest dictionary words of 2+ characters that tile it (用电报装 →
    用电 + 报装, not 电报), or [] when it does not split that way; a four-character word whose halves the
    catalogue has (`known`) splits in two (免费刻章 → 免费 + 刻章)."""
    if len(word) < 4 or not is_cjk(word):
        return []
    if len(word) == 4 and known is not None and known(word[:2]) and known(word[2:]):
        return [word[:2], word[2:]]
    freq = tokenizer().FREQ
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(2, len(word) + 1):
        for start in range(max(0, end - 4), end - 1):
            piece = word[start:end]
            if best[start] is not None and piece != word and freq.get(piece) and (best[end] is None or len(best[start]) + 1 < len(best[end])):
                best[end] = [*best[start], piece]
    return best[-1] or []


def _as_parts(word: str, alternatives: list[str], thesaurus, known):
    """The tree of a compound's parts, each with its alternatives, or None when it does not split (a term
    the thesaurus widens stays whole)."""
    parts = [] if alternatives else compound_parts(word, known)
    return _all([_synonyms(p, thesaurus.get(p, [])) for p in parts]) if parts else None


def plan_query(raw: str, thesaurus: dict[str, list[str]], known=None, indexed=None) -> Plan:
    """`known(word)`: whether the catalogue has a word (joining lone characters asks it); `indexed(text)`:
    whether the index has its tokens (a department's short forms are searched only then)."""
    plan = Plan()
    exact, words, proximity, compounds, split = [], [], [], [], False
    for m in list(CLAUSE.finditer(clean(raw)))[:MAX_CLAUSES]:
        negated = bool(m.group(1) or m.group(3))
        quoted = m.group(2) is not None
        text = (m.group(2) if quoted else m.group(4)) or ""
        alternatives = [] if quoted else name_alternatives(thesaurus, text, indexed)
        tree = phrase_tree(text) if quoted else _synonyms(text, alternatives)
        if tree is None:
            continue
        if negated:
            plan.exclude.append(tree)
            continue
        exact.append(tree)
        plan.terms.extend(runs(text))
        if quoted:  # a quoted phrase stays whole in every tier
            words.append((text, tree))
            compounds.append(tree)
            continue
        plan.also.extend(alternatives)
        plan.terms.extend(r for a in alternatives for r in runs(a))
        clause_words = segment(text, known, thesaurus)
        if len(clause_words) <= 1:
            words.append((text, tree))
            parts = _as_parts(text, alternatives, thesaurus, known)
            compounds.append(parts or tree)
            split = split or parts is not None
            continue
        grams = bigram_stream(text)
        if 1 < len(grams) <= MAX_PROXIMITY:  # a longer run is a paste, not words that should stand close
            proximity.append(Phrase(tuple(grams)))
        clause_parts = []
        for word in clause_words:
            word_alternatives = [a for a in thesaurus.get(word, []) if a != text]
            plan.also.extend(word_alternatives)
            plan.terms.extend(r for a in word_alternatives for r in runs(a))
            plan.terms.extend(runs(word))
            words.append((word, _synonyms(word, word_alternatives)))
            parts = _as_parts(word, word_alternatives, thesaurus, known)
            clause_parts.append(parts or words[-1][1])
            split = split or parts is not None
        compounds.append(_all(clause_parts))
    plan.exact = _all(exact)
    whole = " ".join(clean(raw).split())
    if " " in whole and thesaurus.get(whole) and plan.exact is not None:
        # A name of several words (an indicator's English name) searched as a whole.
        alternatives = thesaurus[whole]
        trees = tuple(dict.fromkeys(t for a in alternatives if (t := term_tree(a)) is not None))
        plan.exact = Synonyms(plan.exact, trees) if trees else plan.exact
        plan.also.extend(alternatives)
        plan.terms.extend(r for a in alternatives for r in runs(a))
    words = [(w, t) for w, t in words if t is not None]
    plan.words = words
    all_words = _all([t for _, t in words])
    plan.all_words = all_words if all_words != plan.exact else None
    plan.proximity = proximity
    plan.compounds = _all(compounds) if split else None
    plan.also = list(dict.fromkeys(a for a in plan.also if a))
    plan.terms = list(dict.fromkeys(plan.terms))
    return plan


def idf(df: int, total: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def rarest_words(words: list, frequencies: list[int], total: int):
    """Tier 3's tree: the rarest words whose IDF adds up to MIN_IDF_SHARE of the query's, or None when
    that is the whole query, only one common word, or a word the catalogue does not have at all."""
    if len(words) < 2 or not total or min(frequencies) == 0:
        return None
    weighted = sorted(zip(frequencies, range(len(words)), strict=True))
    full = sum(idf(df, total) for df, _ in weighted)
    kept, share = [], 0.0
    for df, i in weighted:
        kept.append(i)
        share += idf(df, total)
        if share >= MIN_IDF_SHARE * full:
            break
    if len(kept) == len(words):
        return None
    return _all([words[i][1] for i in sorted(kept)])
