/**
 * The tags API (contract §9): tags/get, create, update, members/batchtagging and batchuntagging.
 * Every limit is checked before a request leaves (a bad name or a system tag never costs a call), and
 * WeChat's errcodes become the tag_* errors (errors.ts `asTagError`) inside the call, so the client
 * still sees the token errcodes it retries.
 */
import { AppFailure, fail } from '@/utils/messaging/app-error';
import { asTagError } from './errors';
import { postJson, unreadableAnswer, wechatJson } from './http';
import { utf8Length } from './qr-request';

/** One of the account's tags, as tags/get lists it. */
export interface WechatTag {
  id: number;
  name: string;
  /** Followers with the tag (tags/get's `count`); 0 for a tag just created. */
  count: number;
}

export const TAG_LIMITS = {
  nameMaxBytes: 30,
  tagsPerAccount: 100,
  tagsPerFollower: 20,
  openidsPerCall: 50,
  /** 0, 1 and 2 are WeChat's own (2 is 星标组): never tagged, untagged or renamed. */
  firstOwnTagId: 3,
} as const;

export const TAGS_GET_PATH = '/cgi-bin/tags/get';
export const TAGS_CREATE_PATH = '/cgi-bin/tags/create';
export const TAGS_UPDATE_PATH = '/cgi-bin/tags/update';
export const BATCH_TAGGING_PATH = '/cgi-bin/tags/members/batchtagging';
export const BATCH_UNTAGGING_PATH = '/cgi-bin/tags/members/batchuntagging';

/** The name as sent: trimmed (spaces around a name are never meant), 1 … 30 UTF-8 bytes. */
export function validateTagName(input: string): string {
  const name = input.trim();
  if (name === '') fail({ code: 'tag_name_empty', field: 'tagName' });
  if (utf8Length(name) > TAG_LIMITS.nameMaxBytes) fail({ code: 'tag_name_too_long', field: 'tagName' });
  return name;
}

/**
 * A name for a new tag, checked against the account's tags as the last tags/get listed them: valid
 * (validateTagName), not taken (45157 would say so; exact text, WeChat's own names included), and
 * room for it (100 of the account's own, 45056). WeChat still has the last word: another browser may
 * have made a tag meanwhile.
 */
export function validateNewTagName(input: string, existing: readonly WechatTag[]): string {
  const name = validateTagName(input);
  if (existing.some((tag) => tag.name === name)) fail({ code: 'tag_name_taken', field: 'tagName' });
  if (existing.filter((tag) => isOwnTagId(tag.id)).length >= TAG_LIMITS.tagsPerAccount) fail({ code: 'tag_too_many', field: 'tagName' });
  return name;
}

/** A tag of the account's own: an integer from 3 on. */
export function isOwnTagId(id: number): boolean {
  return Number.isInteger(id) && id >= TAG_LIMITS.firstOwnTagId;
}

function checkOwnTag(id: number): void {
  if (!isOwnTagId(id)) fail({ code: 'tag_system' });
}

/** 1 … 50 openids: a longer list is a bug of the caller's (the run plans chunks of 50), never sent. */
function checkOpenids(openids: readonly string[]): void {
  if (openids.length === 0 || openids.length > TAG_LIMITS.openidsPerCall) {
    throw new Error(`a tag call takes 1 to ${TAG_LIMITS.openidsPerCall} openids, not ${openids.length}`);
  }
}

/** WeChat's errcodes in tag words; any other failure as it was. */
async function tagCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (thrown) {
    if (thrown instanceof AppFailure) fail(asTagError(thrown.error));
    throw thrown;
  }
}

const withToken = (apiBase: string, path: string, token: string) => `${apiBase}${path}?access_token=${encodeURIComponent(token)}`;

function toTag(raw: unknown): WechatTag | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { id, name, count } = raw as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isInteger(id) || typeof name !== 'string') return undefined;
  return { id, name, count: typeof count === 'number' && count >= 0 ? count : 0 };
}

export async function fetchTags(apiBase: string, token: string): Promise<WechatTag[]> {
  const url = withToken(apiBase, TAGS_GET_PATH, token);
  return tagCall(async () => {
    const answer = await wechatJson<{ tags?: unknown }>(url);
    if (!Array.isArray(answer.tags)) fail(unreadableAnswer(url));
    return answer.tags.map(toTag).filter((tag) => tag !== undefined);
  });
}

/** A new tag; `name` is validated first (validateTagName). Its count is 0. */
export async function createTag(apiBase: string, token: string, name: string): Promise<WechatTag> {
  const body = { tag: { name: validateTagName(name) } };
  const url = withToken(apiBase, TAGS_CREATE_PATH, token);
  return tagCall(async () => {
    const answer = await wechatJson<{ tag?: unknown }>(url, postJson(body));
    const tag = toTag(answer.tag);
    if (!tag) fail(unreadableAnswer(url));
    return { ...tag, count: 0 };
  });
}

export async function renameTag(apiBase: string, token: string, id: number, name: string): Promise<void> {
  checkOwnTag(id);
  const body = { tag: { id, name: validateTagName(name) } };
  const url = withToken(apiBase, TAGS_UPDATE_PATH, token);
  return tagCall(async () => {
    await wechatJson(url, postJson(body));
  });
}

function members(path: string) {
  return async (apiBase: string, token: string, tagId: number, openids: readonly string[]): Promise<void> => {
    checkOwnTag(tagId);
    checkOpenids(openids);
    const url = withToken(apiBase, path, token);
    return tagCall(async () => {
      await wechatJson(url, postJson({ openid_list: openids, tagid: tagId }));
    });
  };
}

/** Puts the tag on up to 50 followers. A refusal (45059, 40003, 49003) names none of them (contract §9). */
export const batchTag = members(BATCH_TAGGING_PATH);
/** Takes the tag off up to 50 followers. */
export const batchUntag = members(BATCH_UNTAGGING_PATH);
