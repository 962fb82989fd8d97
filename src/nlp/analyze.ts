// Question → intent, content terms with every form they may match, and filters.
import { createDepartmentDetector } from "./departments.js";
import { createFuzzyMatcher } from "./fuzzy.js";
import {
  characterBigrams,
  hasKanji,
  isKana,
  isKatakana,
  normalizeForSearch,
  normalizeText,
  stripPoliteEndings,
  toHiragana,
  toKatakana,
} from "./normalize.js";
import { planWordsOf } from "./plan-words.js";
import { boundQuestion } from "./safe-text.js";
import type { JapaneseTokenizer, Token } from "./tokenizer.js";
import type { Intent, QueryFilter, QueryTerm, QuestionAnalysis, StatusWord, Vocabulary } from "./types.js";
import { createWordExtractor, type Word } from "./words.js";

export interface QuestionAnalyzer {
  analyze(text: string): QuestionAnalysis;
}

export interface QuestionAnalyzerDeps {
  tokenizer: JapaneseTokenizer;
  vocabulary: Vocabulary;
}

/** Words that say nothing about which project is meant: question words, the plan's own generic words. */
const GENERIC_WORDS = new Set(
  (
    "事業 実施 市 白井市 白井 する ある いる なる やる できる 出来る れる られる もらえる もらう くれる " +
    "教える おしえる しる みる きく 始まる 始める 行う 行く 思う 知る 見る 聞く 言う 分かる わかる 終わる 進む 決まる 変わる 使う " +
    "ない いい よい 良い 多い 担当 担当課 課 部署 所管 状況 進捗 進み具合 全体 全体像 まとめ 概要 こと もの " +
    "ため 予定 今 最近 取り組み 取組 取組み 様子 結果 内容 方 件 個 数 件数 一覧 年度 年 具体 現在 今後 " +
    "今年 去年 昨年 プラン まちづくりプラン 何件 何個 いくつ ヘルプ 使い方 どう 何 いつ どこ どれ 誰 具合 感じ 人 実際 本当 詳細 詳しい 見せる リスト 全部 すべて 全て ください 関わる 携わる 関係 それぞれ 両方 どちら どっち 両者 ともに 割合 割 何割 パーセント 比率 うち いただく 頂く いただける 頂ける くださる 下さる いたす 致す 存じる 伺う 申す おる"
  ).split(" "),
);

const STATUS_PHRASES: { status: StatusWord; pattern: RegExp }[] = [
  {
    status: "記載なし",
    pattern:
      /記載(?:なし|が?ない|のない|されていない|されてない)|空欄|未記載|記入なし|記録(?:が)?ない|記録なし/,
  },
  {
    status: "未実施",
    pattern:
      /未実施|未着手|手(?:つ|付)かず|(?:実施|やっ|やら|行わ|行っ|取り組ん|開催)(?:され|して|て)?(?:てい|い)?(?:ない|なかった)|まだ(?:の|な)/,
  },
  {
    status: "実施あり",
    pattern:
      /実施済み?|済み|実施あり|実施(?:され|し|でき)(?:た|ている|てる)|実施中|実績(?:が|の)?ある|やった|行われた/,
  },
];

/**
 * A status word that modifies a generic noun is a filter (未実施の事業); otherwise it is the question.
 * 「実施した事業の外部評価」: the noun names a topic in turn, so the status word is part of that topic.
 */
const FILTER_NOUN =
  /^(?:の|な|している|された|した)?\s*(?:事業|もの|取り?組み?|施策|項目|プロジェクト|一覧)(?!の(?!数|一覧|リスト|件数|中|うち|名前|担当))/;

const GREETING =
  /^(?:こんにちは|こんにちわ|こんばんは|こんばんわ|おはよう(?:ございます)?|はじめまして|初めまして|よろしく(?:お願いします|おねがいします)?|やあ|ハロー|hello|hi|hey|もしもし)\s*/;
const THANKS =
  /^(?:ありがとう(?:ございます|ございました)?|ありがと|どうも(?:ありがとう)?|サンキュー|thanks?(?: you)?|thx|助かりました|助かる|了解(?:しました)?|わかりました|分かりました|ok)\s*/;
const HELP =
  /使い方|使いかた|何が(?:でき|出来|聞け)|なにが(?:でき|出来|聞け)|何を聞け|ヘルプ|^help$|どう使う|どんなことを聞/;
const OVERVIEW = /全体|進捗状況|進み具合|全体像|まとめ|総括|概要|進捗/;
/** 「最近変わったことは？」: a change asked about with no project named (only change words, if any). */
const CHANGES = /変わった|新しい|変わりました|変化|変更|更新|新しく|新た[なに]|新規|増えた|加わった|追加/;
const CHANGE_WORDS =
  /^(?:変わる|変化|変更|変更点|更新|新しい|新た|新規|増える|加わる|追加|最近|今年|今回|前回)$/;
const COUNT = /いくつ|何件|何個|何事業|件数|何本|事業の?数|の数(?:は|を|が|って|$)/;
/** A count out of its whole: 「何割」「何パーセント」「割合」「〜のうちいくつ」. */
const SHARE = /何割|なんわり|割合|比率|パーセント|(?:の|\s)うち(?:いくつ|何件|何個|どれくらい|どのくらい)/;
const AMOUNT = /どれ(?:くらい|ぐらい|だけ)|どの(?:くらい|ぐらい)/;
const WHEN = /いつ|何年|何月|時期|何時から/;
const DEPARTMENT_CUE = /担当|どこの課|どこが|どの課|所管|問い?合わ?せ先|部署/;
const STATUS_CUE =
  /実施|され|した|して|しま|やっ|やる|やら|でき|出来|なっ|始ま|行わ|行っ|進ん|進め|済|終わ|完了|状況|進捗|どう|開催|あ(?:る|っ)/;
const YEAR =
  /(?:(平成|令和|昭和|h|r)\s*(元|\d{1,2})(?:\s*[～-]\s*(?:平成|令和|h|r)?\s*(?:元|\d{1,2}))?\s*年度?)|(?:\d{4}(?:\s*[～-]\s*\d{4})?\s*年度?)/g;
/** The whole plan as a list: 「全部の事業」「事業の一覧」「全事業のリスト」. */
const WHOLE_LIST =
  /(?:全部|すべて|全て|ぜんぶ|全)の?(?:事業|取り?組み?|プロジェクト)|(?:事業|取り?組み?|プロジェクト|プラン)(?:の|を)?(?:全部|すべて|全て|ぜんぶ|一覧|リスト)|^(?:一覧|リスト)/;
const ERA_LETTERS: Record<string, string> = { h: "平成", r: "令和" };

/** Nouns (or compounds ending in one) that name an attribute of a topic, not a topic: 〜の開催年度. */
const ATTRIBUTE =
  /(?:状況|時期|年度|日程|日時|予定|記録|内容|結果|詳細|期間|時間|場所|日|仕組み|しくみ|制度|方法|分野|基本方針|方針)$/;

const PART_WEIGHT = 0.5;
const KATAKANA_LIKENESS = 0.6;

const LIGHT_WEIGHT = 0.5;

/** 「平成29年度から令和5年度まで」「H26～H28年度」: one range, written the way the plan writes one. */
const RANGE_JOIN =
  /((?:平成|令和|昭和|h|r)\s*(?:元|\d{1,2})|\d{4})\s*(?:年度?)?\s*(?:から|～|-)\s*(?=(?:平成|令和|昭和|h|r)?\s*(?:元|\d{1,4})\s*年)/g;
const RANGE_END = /(年度?)\s*まで/g;

export function joinYearRanges(text: string): string {
  return text.replace(RANGE_JOIN, "$1～").replace(RANGE_END, "$1");
}

function yearMentionsOf(text: string): string[] {
  return [...text.matchAll(YEAR)].map((m) =>
    m[0]
      .replace(/\s+/g, "")
      .replace(/(^|～)([hr])(?=元|\d)/g, (_, before: string, l: string) => before + (ERA_LETTERS[l] ?? l)),
  );
}

function removeAll(text: string, pattern: RegExp): string {
  return text.replace(new RegExp(pattern.source, "g"), " ");
}

interface StatusFilterResult {
  statuses: StatusWord[];
  rest: string;
  modifiesNoun: boolean;
}

function statusPhrases(text: string): StatusFilterResult {
  let rest = text;
  const statuses: StatusWord[] = [];
  let modifiesNoun = false;
  for (const { status, pattern } of STATUS_PHRASES) {
    const match = pattern.exec(rest);
    if (!match) continue;
    statuses.push(status);
    const after = rest.slice(match.index + match[0].length);
    if (FILTER_NOUN.test(after)) modifiesNoun = true;
    rest = removeAll(rest, pattern);
  }
  return { statuses, rest, modifiesNoun };
}

/** 担当 inside 地域担当職員 is part of a name, not a question about the department. */
function withoutTerms(text: string, terms: readonly QueryTerm[]): string {
  return [...terms]
    .sort((a, b) => b.surface.length - a.surface.length)
    .reduce((rest, term) => rest.split(term.surface).join(" "), text);
}

function addTerm(terms: Map<string, QueryTerm>, term: QueryTerm): void {
  const existing = terms.get(term.surface);
  if (!existing) terms.set(term.surface, term);
  else existing.weight = Math.max(existing.weight, term.weight);
}

export function createQuestionAnalyzer({ tokenizer, vocabulary }: QuestionAnalyzerDeps): QuestionAnalyzer {
  const synonymsOf = new Map<string, Set<string>>();
  for (const group of vocabulary.synonyms) {
    const words = group.map(normalizeText);
    for (const word of words) {
      const set = synonymsOf.get(word) ?? new Set<string>();
      for (const other of words) set.add(other);
      synonymsOf.set(word, set);
    }
  }
  const readings = new Map(Object.entries(vocabulary.planReadings ?? {}));
  const planWords = planWordsOf(vocabulary);
  const baseSynonyms = new Map(
    Object.entries(vocabulary.baseSynonyms ?? {}).filter(([word]) => !synonymsOf.has(word)),
  );
  const fuzzy = createFuzzyMatcher(readings);
  const detectDepartments = createDepartmentDetector(vocabulary);
  const extractor = createWordExtractor(tokenizer, {
    userWords: synonymsOf.keys(),
    readings: readings.size > 0 ? readings : undefined,
  });

  function ownFormsOf(word: Word): Set<string> {
    const own = new Set<string>([word.surface]);
    if (word.basicForm !== word.surface) own.add(word.basicForm);
    if (isKana(word.surface)) {
      const katakana = toKatakana(word.surface);
      own.add(katakana);
      own.add(toHiragana(word.surface));
      for (const written of readings.get(katakana) ?? []) own.add(written);
    }
    return own;
  }

  /** The word's own spellings and the synonyms the staff list for them. */
  function staffFormsOf(word: Word): Set<string> {
    const forms = ownFormsOf(word);
    for (const form of [...forms]) for (const synonym of synonymsOf.get(form) ?? []) forms.add(synonym);
    return forms;
  }

  /** The word's own spellings first, then its synonyms. */
  function formsOf(word: Word): { forms: string[]; ownForms: number } {
    const own = ownFormsOf(word);
    const forms = staffFormsOf(word);
    // Sudachi's layer only for a word neither the plan nor the staff's list knows: a plan-worded
    // question finds what it found before.
    if (forms.size === own.size && ![...own].some((form) => planWords.has(form))) {
      for (const form of own) for (const target of baseSynonyms.get(form) ?? []) forms.add(target);
    }
    return { forms: [...forms], ownForms: own.size };
  }

  type Forms = { forms: string[]; ownForms: number };

  /** A word neither the plan nor a dictionary knows: the plan words it is most likely a misspelling of. */
  function withGuesses(word: Word, found: Forms): Forms {
    if (found.forms.length > found.ownForms || found.forms.some((f) => planWords.has(f))) return found;
    const guesses = fuzzy.candidates(word.surface, word.reading);
    return guesses.length > 0
      ? { forms: [...new Set([...found.forms, ...guesses])], ownForms: found.ownForms }
      : found;
  }

  /** In a compound the plan lacks (市民活動保健), a part may be the wrong kanji of its sound (保険). */
  function withHomophones(part: Word, found: Forms): Forms {
    if (!part.reading || part.reading.length < 2) return found;
    const same = readings.get(part.reading) ?? [];
    if (same.length < 2) return found;
    return { forms: [...new Set([...found.forms, ...same])], ownForms: found.ownForms };
  }

  function isPredicate(word: Word, tokenAt: ReadonlyMap<number, Token>): boolean {
    const next = tokenAt.get(word.end);
    return next?.pos === "verb" && (next.basicForm === "する" || next.basicForm === "できる");
  }

  function isMeaningful(word: Word): boolean {
    return !GENERIC_WORDS.has(word.surface) && !GENERIC_WORDS.has(word.basicForm) && word.surface.length > 0;
  }

  /** Parts of a word: its own, or for a kana spelling those of the plan words it reads as. */
  function partsOf(word: Word): Word[] {
    if (word.parts.length > 0 || !word.fromDictionary || !isKana(word.surface)) return word.parts;
    const written = readings.get(toKatakana(word.surface)) ?? [];
    return written.flatMap((w) => extractor.extract(w).words.flatMap((x) => x.parts));
  }

  /**
   * The topic's head noun (「ゴミの収集日は」→ 収集日): the noun before the topic particle, else before
   * を or が, else the only noun; an attribute (「保険の担当課は」) hands over to the noun it belongs to.
   */
  function headWordOf(tokens: readonly Token[], words: readonly Word[]): Word | null {
    const onlyOne = (candidates: Word[]) => (candidates.length === 1 ? (candidates[0] ?? null) : null);
    const nouns = words.filter((w) => w.pos === "noun");
    const nounEndingAt = new Map(nouns.map((w) => [w.end, w]));
    const before = (particles: RegExp, last: boolean): Word | null => {
      let found: Word | null = null;
      for (const token of tokens) {
        if (token.pos !== "particle" || !particles.test(token.surface)) continue;
        const noun = nounEndingAt.get(token.start);
        if (noun) {
          found = noun;
          if (!last) break;
        }
      }
      return found;
    };
    let head =
      before(/^(?:は|って|とは|について)$/, true) ??
      before(/^を$/, false) ??
      before(/^が$/, false) ??
      onlyOne(nouns.filter(isMeaningful));
    // 「市民活動保険の担当課」「防災訓練の実施状況」: walk back along の while the head is only an
    // attribute of the noun before it.
    while (head && (!isMeaningful(head) || ATTRIBUTE.test(head.surface))) {
      const of = tokens.find((t) => t.start === (head as Word).start - 1);
      head = of?.surface === "の" ? (nounEndingAt.get(of.start) ?? null) : null;
    }
    return head;
  }

  /**
   * The head as a term that only its own spellings, the staff's synonyms and same-length misspellings
   * match: a looser relative (収集日 → 収集, 献立 → 子育て) would let a secondary word carry the answer.
   */
  function headTermOf(word: Word): QueryTerm {
    const forms = staffFormsOf(word);
    // Written otherwise but read the same (貸し出し → 貸出し).
    for (const written of readings.get(word.reading ?? "") ?? []) forms.add(written);
    // Okurigana left out (貸し出し → 貸出), as the plan often writes it.
    const kanji = word.surface.replace(/[\u3041-\u3096]/g, "");
    if (kanji !== word.surface && kanji.length >= 2 && hasKanji(kanji) && !isKana(kanji)) forms.add(kanji);
    for (const guess of fuzzy.candidates(word.surface, word.reading))
      if (guess.length === word.surface.length) forms.add(guess);
    const last = word.parts[word.parts.length - 1];
    // The compound's last part heads it too (案内冊子 → 冊子 ≈ ガイドブック), when it is a word of its own.
    if (last && last.end === word.end && last.surface.length > 1 && isMeaningful(last)) {
      for (const form of staffFormsOf(last)) forms.add(form);
      for (const written of readings.get(last.reading ?? "") ?? []) forms.add(written);
    }
    return { surface: word.surface, forms: [...forms], weight: 1 };
  }

  function termsOf(text: string): { terms: QueryTerm[]; head: QueryTerm | null } {
    const { tokens, words } = extractor.extract(text);
    const tokenAt = new Map<number, Token>();
    for (const token of tokens) if (!tokenAt.has(token.start)) tokenAt.set(token.start, token);
    const terms = new Map<string, QueryTerm>();
    for (const word of words) {
      const allParts = partsOf(word);
      const parts = allParts.filter((p) => isMeaningful(p) && (p.surface.length > 1 || p.fromDictionary));
      // A compound of nothing but generic words (事業数) says nothing; one with a short odd part
      // (開庁時間: 開|庁|時間) is still a word the citizen asked about.
      const onlyGenericParts =
        !word.fromDictionary && allParts.length > 0 && allParts.every((p) => !isMeaningful(p));
      if (onlyGenericParts || !isMeaningful(word)) continue;
      const light = word.pos !== "noun" || isPredicate(word, tokenAt);
      const whole = withGuesses(word, formsOf(word));
      addTerm(terms, { surface: word.surface, ...whole, weight: light ? LIGHT_WEIGHT : 1 });
      const unknown = whole.forms.length === whole.ownForms && !whole.forms.some((f) => planWords.has(f));
      for (const part of parts) {
        const forms = formsOf(part);
        addTerm(terms, {
          surface: part.surface,
          ...(unknown ? withHomophones(part, forms) : forms),
          weight: PART_WEIGHT,
        });
      }
    }
    const head = headWordOf(tokens, words);
    return { terms: [...terms.values()], head: head ? headTermOf(head) : null };
  }

  const katakanaPlanWords = [...planWords]
    .filter((w) => isKatakana(w) && w.length >= 4)
    .map((word) => characterBigrams(word));

  /** Whether the plan uses the word, allowing katakana variants (ボランテア ≈ ボランティア). */
  function isKnown(term: QueryTerm): boolean {
    if (term.forms.some((form) => planWords.has(form))) return true;
    const katakana = term.forms.find((f) => isKatakana(f) && f.length >= 4);
    if (!katakana) return false;
    const wanted = characterBigrams(katakana);
    return katakanaPlanWords.some((have) => {
      let shared = 0;
      for (const pair of wanted) if (have.has(pair)) shared++;
      return shared / wanted.size >= KATAKANA_LIKENESS;
    });
  }

  return {
    analyze(question) {
      // Only the first MAX_QUESTION_LENGTH characters are read: the work per message stays bounded.
      const original = boundQuestion(question).text;
      // NFKC may lengthen a text (㍻ → 平成); the cut again keeps the bound.
      const normalized = boundQuestion(normalizeForSearch(original), 2 * original.length).text;
      const plain = stripPoliteEndings(normalized);
      const empty: QueryFilter = {};
      const result = (
        intent: Intent,
        terms: QueryTerm[] = [],
        filter = empty,
        yearMentions: string[] = [],
        statusWords: StatusWord[] = [],
        head: QueryTerm | null = null,
      ) => ({
        original,
        normalized,
        intent,
        terms,
        filter,
        yearMentions,
        statusWords,
        head,
      });

      if (plain.length === 0) return result("help");
      const afterGreeting = plain.replace(GREETING, "").trim();
      if (afterGreeting.length === 0 || normalized.replace(GREETING, "").trim().length === 0) {
        return result("greeting");
      }
      if (
        afterGreeting.replace(THANKS, "").trim().length === 0 ||
        normalized.replace(THANKS, "").trim().length === 0
      ) {
        return result("thanks");
      }
      if (HELP.test(afterGreeting)) return result("help");

      const withRanges = joinYearRanges(afterGreeting);
      const yearMentions = yearMentionsOf(withRanges);
      const wholeList = WHOLE_LIST.test(withRanges);
      const departments = detectDepartments(removeAll(removeAll(withRanges, YEAR), WHOLE_LIST));
      const status = statusPhrases(departments.rest);
      const { terms, head } = termsOf(status.rest);
      const hasTerms = terms.length > 0;

      const filter: QueryFilter = {};
      if (departments.departments.length > 0) filter.departments = departments.departments;
      // 「外部評価は実施されていないの？」 asks for a status: filtering on it could hide the answer.
      const statusIsFilter = status.statuses.length > 0 && (status.modifiesNoun || !hasTerms);
      if (statusIsFilter) filter.statuses = status.statuses;
      const hasFilter = filter.departments !== undefined || statusIsFilter || yearMentions.length > 0;

      const with_ = (intent: Intent) => result(intent, terms, filter, yearMentions, status.statuses, head);
      if (SHARE.test(plain)) return with_("share");
      if (COUNT.test(plain) || (AMOUNT.test(plain) && (statusIsFilter || /事業/.test(plain))))
        return with_("count");
      if (!hasTerms && !hasFilter && wholeList) return with_("list");
      if (CHANGES.test(plain) && !filter.departments && terms.every((t) => CHANGE_WORDS.test(t.surface)))
        return with_("changes");
      if (!hasTerms && !hasFilter && OVERVIEW.test(plain)) return with_("overview");
      if (!hasTerms && filter.departments) return with_("department");
      if (!hasTerms && yearMentions.length > 0) return with_("year");
      if (!hasTerms && statusIsFilter) return with_("status-list");
      if (!hasTerms) return with_("out-of-scope");
      if (planWords.size > 0 && !hasFilter && !terms.some(isKnown)) return with_("out-of-scope");
      if (statusIsFilter) return with_("status-list");
      const cues = withoutTerms(plain, terms);
      if (DEPARTMENT_CUE.test(cues)) return with_("department");
      if (WHEN.test(cues)) return with_("when");
      if (STATUS_CUE.test(cues) || status.statuses.length > 0) return with_("status");
      return with_("about");
    },
  };
}
