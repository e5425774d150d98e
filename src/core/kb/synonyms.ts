/**
 * Synonyms and abbreviations of public-service Vietnamese (R-KB-3): `cmnd`, `cccd` and
 * `căn cước` are one thing to a citizen on the phone, so they are one thing to search.
 *
 * Each group has a tag (a made-up word that no text contains: `zz` + letters). Documents get
 * the tag inserted right before and after every phrase of the group they contain, so the tag
 * sits next to the words around the phrase (proximity still ranks); a query phrase of the
 * group becomes the tag. Either side may use any variant.
 *
 * A variant written with a leading `=` is *strict*: in documents it only counts when written
 * with the same marks and tones (tone placement aside), because its folded form is too
 * common a pair of syllables — `sổ đỏ` must not be found inside `hồ sơ đo đạc` (`ho so do
 * dac`). In queries, a word typed without diacritics still matches a strict variant (the
 * operator typed fast); a word typed with them must agree.
 *
 * Changing this list changes what is indexed: bump `SEARCH_REVISION` in `document.ts` so
 * stored articles are re-indexed.
 */
import { accentKey, hasDiacritics, tokenize, type Token } from './normalize.ts';

export interface SynonymGroup {
  /** The indexed stand-in: `zz` + lower-case ASCII letters. */
  tag: string;
  /** Phrases (any case and marks); `=` prefix: strict, see above. */
  variants: readonly string[];
  /** What the group means in words, for title similarity; default: its first phrase of 2+ words. */
  phrase?: string;
}

export const SYNONYM_GROUPS: readonly SynonymGroup[] = [
  {
    tag: 'zzcccd',
    variants: [
      'cccd',
      'cmnd',
      'cmt',
      'căn cước',
      'căn cước công dân',
      'thẻ căn cước',
      'chứng minh nhân dân',
      'chứng minh thư',
      'giấy chứng minh',
    ],
  },
  { tag: 'zzdinhdanh', variants: ['vneid', 'định danh điện tử', 'tài khoản định danh'] },
  {
    tag: 'zzgpkd',
    variants: [
      'gpkd',
      'đkkd',
      'giấy phép kinh doanh',
      'giấy chứng nhận đăng ký kinh doanh',
      'giấy đăng ký kinh doanh',
      'đăng ký kinh doanh',
    ],
  },
  {
    tag: 'zzhkd',
    variants: ['hkd', 'hộ kinh doanh', '=hộ cá thể', 'kinh doanh cá thể'],
  },
  { tag: 'zzdoanhnghiep', variants: ['doanh nghiệp', 'công ty', 'cty'] },
  { tag: 'zzmst', variants: ['mst', 'mã số thuế'] },
  { tag: 'zzbhyt', variants: ['bhyt', 'bảo hiểm y tế'] },
  { tag: 'zzbhxh', variants: ['bhxh', 'bảo hiểm xã hội'] },
  {
    tag: 'zzbhtn',
    variants: ['bhtn', 'bảo hiểm thất nghiệp', 'trợ cấp thất nghiệp'],
  },
  {
    tag: 'zzgcnqsdd',
    phrase: 'giấy chứng nhận quyền sử dụng đất',
    variants: [
      '=sổ đỏ',
      '=sổ hồng',
      '=bìa đỏ',
      '=giấy đỏ',
      'gcnqsdđ',
      'gcn qsdđ',
      'giấy chứng nhận quyền sử dụng đất',
      'giấy chứng nhận qsdđ',
      'giấy chứng nhận quyền sở hữu nhà ở',
    ],
  },
  { tag: 'zzqsdd', variants: ['qsdđ', 'quyền sử dụng đất'] },
  {
    tag: 'zzgpxd',
    variants: [
      'gpxd',
      'giấy phép xây dựng',
      'phép xây dựng',
      '=xin phép xây nhà',
      '=giấy phép xây nhà',
    ],
  },
  { tag: 'zzubnd', variants: ['ubnd', 'ủy ban nhân dân'] },
  { tag: 'zzgplx', variants: ['gplx', 'giấy phép lái xe', '=bằng lái xe', '=bằng lái'] },
  { tag: 'zzlltp', variants: ['lltp', 'lý lịch tư pháp'] },
  { tag: 'zzkhaisinh', variants: ['khai sinh', '=khai sanh'] },
  { tag: 'zzkhaitu', variants: ['khai tử', '=giấy báo tử', '=chứng tử'] },
  {
    tag: 'zzkethon',
    variants: ['kết hôn', '=lấy vợ', '=lấy chồng', '=cưới vợ', '=cưới chồng'],
  },
  {
    tag: 'zzdocthan',
    variants: [
      'xác nhận tình trạng hôn nhân',
      '=xác nhận độc thân',
      '=giấy độc thân',
      '=chứng nhận độc thân',
    ],
  },
  { tag: 'zzthuongtru', variants: ['thường trú', '=hộ khẩu'] },
  { tag: 'zztamtru', variants: ['tạm trú'] },
  {
    tag: 'zzchungthuc',
    variants: [
      'chứng thực bản sao',
      '=công chứng bản sao',
      '=sao y',
      '=sao y bản chính',
      '=photo công chứng',
    ],
  },
  {
    tag: 'zzlephi',
    variants: [
      'lệ phí',
      '=phí',
      '=chi phí',
      '=bao nhiêu tiền',
      '=hết bao nhiêu tiền',
      '=mất bao nhiêu tiền',
      '=tốn bao nhiêu tiền',
      '=mất bao nhiêu',
      '=tốn bao nhiêu',
      '=hết bao nhiêu',
    ],
  },
  {
    tag: 'zzthoihan',
    variants: [
      'thời hạn giải quyết',
      'thời gian giải quyết',
      'thời gian xử lý',
      '=bao lâu',
      '=mấy ngày',
      '=bao nhiêu ngày',
    ],
  },
  {
    tag: 'zzhoso',
    variants: ['thành phần hồ sơ', '=hồ sơ', '=giấy tờ', '=cần mang theo'],
  },
  { tag: 'zztthc', variants: ['tthc', 'thủ tục hành chính'] },
  {
    tag: 'zzdvc',
    variants: ['dvc', 'dvctt', 'dịch vụ công', 'dịch vụ công trực tuyến', 'cổng dịch vụ công'],
  },
  {
    tag: 'zzattp',
    variants: ['attp', 'an toàn thực phẩm', '=vệ sinh thực phẩm', '=vệ sinh an toàn thực phẩm'],
  },
  { tag: 'zzpccc', variants: ['pccc', 'phòng cháy chữa cháy', 'phòng cháy', 'chữa cháy'] },
  { tag: 'zzhochieu', variants: ['hộ chiếu', 'passport'] },
  { tag: 'zztuyensinh', variants: ['tuyển sinh', '=nhập học', '=xét tuyển'] },
  { tag: 'zztachthua', variants: ['tách thửa', '=chia đất', '=tách sổ'] },
  {
    tag: 'zzchuyenmd',
    variants: [
      'chuyển mục đích sử dụng đất',
      '=lên thổ cư',
      '=chuyển lên thổ cư',
      '=chuyển đất vườn',
    ],
  },
  {
    tag: 'zzsangten',
    variants: ['=sang tên', 'đăng ký biến động', 'chuyển nhượng quyền sử dụng đất'],
  },
  { tag: 'zzhuutri', variants: ['lương hưu', 'hưu trí', '=chế độ hưu', '=về hưu'] },
  {
    tag: 'zzdangkyxe',
    variants: ['đăng ký xe', '=biển số xe', '=cà vẹt', '=giấy đăng ký xe'],
  },
];

interface CompiledVariant {
  tag: string;
  /** Folded words. */
  norms: string[];
  /** Accent keys of the words, for strict variants; null otherwise. */
  keys: string[] | null;
}

/** A match of a group in a token list: tokens [start, end) stand for `tag`. */
export interface SynonymSpan {
  start: number;
  end: number;
  tag: string;
}

/**
 * The compiled synonym list: finds group phrases in documents (every occurrence, overlaps
 * allowed) and in queries (greedy, longest first, no overlaps).
 */
export class SynonymIndex {
  private readonly byFirst = new Map<string, CompiledVariant[]>();
  readonly tags: ReadonlySet<string>;
  /** Per tag, what it means in words, folded: what an abbreviation stands for. */
  private readonly phrases = new Map<string, string>();

  constructor(groups: readonly SynonymGroup[] = SYNONYM_GROUPS) {
    const tags = new Set<string>();
    for (const g of groups) {
      if (!/^zz[a-z]+$/.test(g.tag)) throw new RangeError(`invalid synonym tag: ${g.tag}`);
      tags.add(g.tag);
      for (const raw of g.variants) {
        const strict = raw.startsWith('=');
        const phrase = strict ? raw.slice(1) : raw;
        const tokens = tokenize(phrase);
        if (tokens.length === 0) continue;
        const v: CompiledVariant = {
          tag: g.tag,
          norms: tokens.map((t) => t.norm),
          keys: strict ? tokens.map((t) => accentKey(t.text)) : null,
        };
        if (!this.phrases.has(g.tag) && (g.phrase || v.norms.length > 1)) {
          this.phrases.set(
            g.tag,
            g.phrase
              ? tokenize(g.phrase)
                  .map((t) => t.norm)
                  .join(' ')
              : v.norms.join(' '),
          );
        }
        const first = v.norms[0]!;
        const list = this.byFirst.get(first) ?? [];
        list.push(v);
        this.byFirst.set(first, list);
      }
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.norms.length - a.norms.length);
    this.tags = tags;
  }

  private matchesAt(
    tokens: readonly Token[],
    i: number,
    v: CompiledVariant,
    side: 'document' | 'query',
  ): boolean {
    if (i + v.norms.length > tokens.length) return false;
    for (let k = 0; k < v.norms.length; k++) {
      const t = tokens[i + k]!;
      if (t.norm !== v.norms[k]) return false;
      if (v.keys && (side === 'document' || hasDiacritics(t.text))) {
        if (accentKey(t.text) !== v.keys[k]) return false;
      }
    }
    return true;
  }

  /** What a group means in words, folded (`zzhkd` → `ho kinh doanh`). */
  phraseOf(tag: string): string | undefined {
    return this.phrases.get(tag);
  }

  /** Every group phrase in a document's tokens (one span per group and start position). */
  documentSpans(tokens: readonly Token[]): SynonymSpan[] {
    const out: SynonymSpan[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const list = this.byFirst.get(tokens[i]!.norm);
      if (!list) continue;
      const seen = new Set<string>();
      for (const v of list) {
        if (seen.has(v.tag)) continue;
        if (this.matchesAt(tokens, i, v, 'document')) {
          seen.add(v.tag);
          out.push({ start: i, end: i + v.norms.length, tag: v.tag });
        }
      }
    }
    return out;
  }

  /**
   * A document's folded words with each group phrase's tag inserted before and after it, so
   * that the tag is next to the words on both sides, as the phrase is (`đăng ký hộ kinh doanh
   * tại xã` → `dang ki zzhkd ho kinh doanh zzhkd tai xa`). A phrase inside a longer one of the
   * same group adds nothing (`lệ phí` holds `phí`).
   */
  tagDocument(tokens: readonly Token[]): string[] {
    const spans = this.documentSpans(tokens);
    const before = new Map<number, string[]>();
    const after = new Map<number, string[]>();
    const lastEnd = new Map<string, number>();
    const add = (m: Map<number, string[]>, i: number, tag: string) => {
      const list = m.get(i) ?? [];
      if (!list.includes(tag)) list.push(tag);
      m.set(i, list);
    };
    for (const s of spans) {
      if ((lastEnd.get(s.tag) ?? -1) >= s.end) continue;
      lastEnd.set(s.tag, s.end);
      add(before, s.start, s.tag);
      add(after, s.end - 1, s.tag);
    }
    const out: string[] = [];
    tokens.forEach((t, i) => {
      const pre = before.get(i);
      if (pre) out.push(...pre);
      out.push(t.norm);
      const post = after.get(i);
      if (post) out.push(...post);
    });
    return out;
  }

  /** Group phrases in a query, left to right, longest first, not overlapping. */
  querySpans(tokens: readonly Token[]): SynonymSpan[] {
    const out: SynonymSpan[] = [];
    for (let i = 0; i < tokens.length;) {
      const list = this.byFirst.get(tokens[i]!.norm);
      const v = list?.find((c) => this.matchesAt(tokens, i, c, 'query'));
      if (v) {
        out.push({ start: i, end: i + v.norms.length, tag: v.tag });
        i += v.norms.length;
      } else i++;
    }
    return out;
  }
}

export const DEFAULT_SYNONYMS = new SynonymIndex();
