/**
 * The one seam between the sync engine (what to write and how to merge) and the WebDAV client (how to
 * talk to the server). The engine only ever sees one account's folder on the server
 * (`<root>/<AppID>/`), flat: every file it names is a plain file name in that folder. Tests run the
 * engine against an in-memory folder and the client against a real WebDAV server.
 *
 * Files are immutable once written: a browser never rewrites a file, only creates new ones and
 * (after compaction) removes files a snapshot covers. That is what makes a cut-off sync safe to
 * resume and two browsers safe to run at once.
 */
export interface RemoteEntry {
  /** A file name in the account's folder, e.g. `seg-<device>-000042.json`. */
  name: string;
  /** Bytes on the server. */
  size: number;
}

export interface RemoteFolder {
  /** Makes the account's folder (and the root above it) exist; cheap when it already does. */
  ensure(): Promise<void>;
  /** Every file in the account's folder, in one request (PROPFIND Depth: 1). */
  list(): Promise<RemoteEntry[]>;
  /** One file's bytes (GET). A file that is gone rejects with the client's not-found error. */
  read(name: string): Promise<Uint8Array>;
  /**
   * Writes a new file and never overwrites one (PUT with `If-None-Match: *`): 'exists' when the name
   * is already taken (412), so two browsers racing for one name both learn who won.
   */
  create(name: string, body: Uint8Array): Promise<'created' | 'exists'>;
  /** Removes a file (DELETE); a file already gone is not an error. */
  remove(name: string): Promise<void>;
}
