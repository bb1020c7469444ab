/** Messages of the chatter application (a tagged union of one): each carries the sender's timestamp. */

export interface ChatMessage<T> {
  type: 'clocks.chat';
  /** The sender's clock at the send event (a copy: it never changes after the send). */
  stamp: T;
}

export type ClocksMessage<T> = ChatMessage<T>;
