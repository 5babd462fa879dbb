import { browser, type Browser } from 'wxt/browser';
import { toAppError } from './app-error';
import type { MessageEnvelope, MessageInput, MessageOutput, MessageType, Reply } from './messages';

export type MessageHandlers = { [K in MessageType]: (input: MessageInput<K>) => Promise<MessageOutput<K>> };

/**
 * Only this extension's own pages may talk to the background: content scripts (their sender.url
 * is the web page), web pages and other extensions are refused.
 */
export function isOwnExtensionPage(sender: Browser.runtime.MessageSender): boolean {
  const ownOrigin = browser.runtime.getURL('/');
  return sender.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(ownOrigin);
}

function isEnvelope(message: unknown, handlers: MessageHandlers): message is MessageEnvelope {
  const type = (message as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(handlers, type);
}

/** A runtime.onMessage listener that dispatches to a map of named handlers and answers with a Reply. */
export function createMessageRouter(handlers: MessageHandlers) {
  return (message: unknown, sender: Browser.runtime.MessageSender): Promise<Reply<unknown>> | undefined => {
    if (!isEnvelope(message, handlers)) return undefined;
    if (!isOwnExtensionPage(sender)) return Promise.resolve({ success: false, error: { code: 'forbidden_sender' } });
    const handler = handlers[message.type] as (input: unknown) => Promise<unknown>;
    return handler(message.input).then(
      (payload): Reply<unknown> => ({ success: true, payload }),
      (thrown): Reply<unknown> => ({ success: false, error: toAppError(thrown) }),
    );
  };
}
