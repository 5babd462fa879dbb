/**
 * The account's follower tags for the WeChat stand-in (contract §9), as strict as the contract:
 * - GET  /cgi-bin/tags/get                      → { tags: [{ id, name, count }] } (星标组 2 and the account's own)
 * - POST /cgi-bin/tags/create                   { tag: { name } } → { tag: { id, name } }
 * - POST /cgi-bin/tags/update                   { tag: { id, name } }
 * - POST /cgi-bin/tags/members/batchtagging     { openid_list, tagid }
 * - POST /cgi-bin/tags/members/batchuntagging   { openid_list, tagid }
 *
 * Which tags a follower carries is their `tagid_list` in the follower base (follower-base.ts), so
 * batchget answers it as WeChat does. Rules: names 1 … 30 UTF-8 bytes (45158; an empty one 45157,
 * our choice), unique (45157), 100 of the account's own (45056); tags 0/1/2 are WeChat's own (45058
 * for a rename, and for member calls too: the stand-in's choice, the extension must never send them);
 * an unknown tag 45159; 1 … 50 openids a call (40032); a follower at 20 tags 45059, one who unfollowed
 * 40003, an openid the base never had 49003. A refused member call changes nobody (contract §9: the
 * extension assumes nothing either way). Tagging a follower who has the tag, or untagging one who has
 * not, answers ok and changes nothing.
 */
import { type FollowerState, type GeneratedFollower, followerByOpenid } from './follower-base';

export const TAGS_GET = '/cgi-bin/tags/get';
export const TAGS_CREATE = '/cgi-bin/tags/create';
export const TAGS_UPDATE = '/cgi-bin/tags/update';
export const BATCH_TAGGING = '/cgi-bin/tags/members/batchtagging';
export const BATCH_UNTAGGING = '/cgi-bin/tags/members/batchuntagging';
/** The one method each tag door takes (43002 otherwise, in the stand-in). */
export const TAG_METHODS: Readonly<Record<string, 'GET' | 'POST'>> = {
  [TAGS_GET]: 'GET',
  [TAGS_CREATE]: 'POST',
  [TAGS_UPDATE]: 'POST',
  [BATCH_TAGGING]: 'POST',
  [BATCH_UNTAGGING]: 'POST',
};

const NAME_MAX_BYTES = 30;
const OWN_TAGS_MAX = 100;
const TAGS_PER_FOLLOWER = 20;
const OPENIDS_PER_CALL = 50;
/** WeChat's own: 0 and 1 are not listed by tags/get, 2 (星标组) is. */
const SYSTEM_TAGS: ReadonlyMap<number, { name: string; listed: boolean }> = new Map([
  [0, { name: '未分组', listed: false }],
  [1, { name: '黑名单', listed: false }],
  [2, { name: '星标组', listed: true }],
]);
/** WeChat's own ids end low; the account's start here (the documentation's examples show 127 and 134). */
const FIRST_OWN_ID = 100;

type ErrorMaker = (errcode: number, errmsg: string) => object;
type Subscribed = Extract<GeneratedFollower, { subscribe: 1 }>;

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

export class TagBase {
  private readonly own = new Map<number, string>();
  private nextId = FIRST_OWN_ID;
  /** Member calls received per door, answered or refused. */
  readonly calls = { tagging: 0, untagging: 0 };

  /** `followers()` is the stand-in's current follower base (replaced by setFollowers). */
  constructor(
    private readonly followers: () => FollowerState,
    private readonly err: ErrorMaker,
  ) {}

  /** The answer for a tag door, or undefined for any other path. The caller checked method, token and quota. */
  handle(path: string, body: unknown): object | undefined {
    if (path === TAGS_GET) return { tags: this.list() };
    if (!(path in TAG_METHODS)) return undefined;
    if (body === null) return this.err(44002, 'empty post data');
    if (path === TAGS_CREATE) return this.create(body);
    if (path === TAGS_UPDATE) return this.update(body);
    if (path === BATCH_TAGGING) return this.members(body, 'tag');
    if (path === BATCH_UNTAGGING) return this.members(body, 'untag');
    return undefined;
  }

  // ---- for tests: set up and read back, without a request

  /** Makes a tag as tags/create would (name rules included); its id. */
  add(name: string): number {
    const answer = this.create({ tag: { name } }) as { tag?: { id: number }; errmsg?: string };
    if (!answer.tag) throw new Error(`tag not made: ${answer.errmsg}`);
    return answer.tag.id;
  }

  /** How many tags of its own the account has (WeChat's 0/1/2 not counted). */
  ownCount(): number {
    return this.own.size;
  }

  /** The openids of current followers carrying the tag, in list order. */
  membersOf(tagId: number): string[] {
    return this.subscribed()
      .filter((f) => f.tagid_list.includes(tagId))
      .map((f) => f.openid);
  }

  /** A follower's tags ([] for one who unfollowed or never was). */
  tagsOf(openid: string): number[] {
    const follower = this.follower(openid);
    return follower?.subscribe === 1 ? [...follower.tagid_list] : [];
  }

  /** Puts tags on a follower directly (a colleague in 公众平台), e.g. to bring them to the cap of 20. */
  putTags(openid: string, tagIds: readonly number[]): void {
    const follower = this.follower(openid);
    if (follower?.subscribe !== 1) throw new Error(`${openid} is not a current follower`);
    follower.tagid_list = [...new Set([...follower.tagid_list, ...tagIds])];
  }

  /** Forgets the account's own tags (WeChat's stay); followers keep ids they carry. */
  reset(): void {
    this.own.clear();
    this.nextId = FIRST_OWN_ID;
    this.calls.tagging = 0;
    this.calls.untagging = 0;
  }

  // ---- the doors

  private list(): object[] {
    const counts = new Map<number, number>();
    for (const f of this.subscribed()) for (const id of f.tagid_list) counts.set(id, (counts.get(id) ?? 0) + 1);
    const system = [...SYSTEM_TAGS].filter(([, tag]) => tag.listed).map(([id, tag]) => ({ id, name: tag.name }));
    return [...system, ...[...this.own].map(([id, name]) => ({ id, name }))].map((tag) => ({ ...tag, count: counts.get(tag.id) ?? 0 }));
  }

  private nameRefusal(name: unknown, renaming?: number): object | undefined {
    if (typeof name !== 'string' || name === '') return this.err(45157, 'invalid tag name');
    if (utf8Length(name) > NAME_MAX_BYTES) return this.err(45158, 'tag name too long');
    const taken = [...SYSTEM_TAGS].some(([, tag]) => tag.name === name) || [...this.own].some(([id, own]) => own === name && id !== renaming);
    return taken ? this.err(45157, 'invalid tag name') : undefined;
  }

  private create(body: unknown): object {
    const tag = (body as { tag?: { name?: unknown } } | null)?.tag;
    if (typeof tag !== 'object' || tag === null) return this.err(47001, 'data format error');
    const refused = this.nameRefusal(tag.name);
    if (refused) return refused;
    if (this.own.size >= OWN_TAGS_MAX) return this.err(45056, 'too many tag now, no need to add new');
    const id = this.nextId++;
    this.own.set(id, tag.name as string);
    return { tag: { id, name: tag.name } };
  }

  private update(body: unknown): object {
    const tag = (body as { tag?: { id?: unknown; name?: unknown } } | null)?.tag;
    if (typeof tag !== 'object' || tag === null || typeof tag.id !== 'number') return this.err(47001, 'data format error');
    if (SYSTEM_TAGS.has(tag.id)) return this.err(45058, 'can not modify sys tag');
    if (!this.own.has(tag.id)) return this.err(45159, 'invalid tag id');
    const refused = this.nameRefusal(tag.name, tag.id);
    if (refused) return refused;
    this.own.set(tag.id, tag.name as string);
    return { errcode: 0, errmsg: 'ok' };
  }

  private members(body: unknown, op: 'tag' | 'untag'): object {
    this.calls[op === 'tag' ? 'tagging' : 'untagging']++;
    const { openid_list: list, tagid } = (body ?? {}) as { openid_list?: unknown; tagid?: unknown };
    if (typeof body !== 'object' || body === null || typeof tagid !== 'number') return this.err(47001, 'data format error');
    if (!Array.isArray(list) || list.length === 0 || list.length > OPENIDS_PER_CALL) return this.err(40032, 'invalid openid list size');
    if (SYSTEM_TAGS.has(tagid)) return this.err(45058, 'can not modify sys tag');
    if (!this.own.has(tagid)) return this.err(45159, 'invalid tag id');
    const followers: Subscribed[] = [];
    for (const openid of list) {
      const follower = typeof openid === 'string' ? this.follower(openid) : undefined;
      if (!follower) return this.err(49003, 'not match openid with appid');
      if (follower.subscribe !== 1) return this.err(40003, 'invalid openid');
      followers.push(follower);
    }
    if (op === 'tag' && followers.some((f) => !f.tagid_list.includes(tagid) && f.tagid_list.length >= TAGS_PER_FOLLOWER)) {
      return this.err(45059, 'user tag count over limit');
    }
    for (const f of followers) {
      if (op === 'tag' && !f.tagid_list.includes(tagid)) f.tagid_list = [...f.tagid_list, tagid];
      if (op === 'untag') f.tagid_list = f.tagid_list.filter((id) => id !== tagid);
    }
    return { errcode: 0, errmsg: 'ok' };
  }

  private subscribed(): Subscribed[] {
    return this.followers().followers.filter((f): f is Subscribed => f.subscribe === 1);
  }

  private follower(openid: string): GeneratedFollower | undefined {
    return followerByOpenid(this.followers(), openid);
  }
}
