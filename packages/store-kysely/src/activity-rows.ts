import type { Attachment, Comment, HistoryAction, HistoryEntry } from '@tessera/core';
import { NATIVE_CODEC, type KindCodecs } from './codecs.js';

/** Columns of `comments` besides `id`, with the dialect's stored forms of instants and flags. */
export interface CommentColumns<Time, Flag> {
  ticket_id: number;
  author_id: number;
  content: string;
  is_internal: Flag;
  created_at: Time;
  updated_at: Time;
}

/** Columns of `attachments` besides `id`. */
export interface AttachmentColumns<Time> {
  ticket_id: number;
  filename: string;
  file_size: number;
  content_type: string;
  description: string;
  uploaded_by_id: number;
  uploaded_at: Time;
  blob_key: string;
}

/** Columns of `history` besides `id`. */
export interface HistoryColumns<Time, Flag> {
  ticket_id: number;
  /** Null for rows the system writes (`sla_breached`). */
  user_id: number | null;
  action: string;
  field_name: string | null;
  old_value: string | null;
  new_value: string | null;
  timestamp: Time;
  is_internal: Flag;
}

/** Columns of the directory's `customers` besides `id`. */
export interface CustomerColumns {
  name: string;
  email: string;
}

/** Columns of the directory's `users` besides `id`. */
export interface UserColumns {
  name: string;
  email: string;
  role: string;
  customer_id: number | null;
  password_hash: string | null;
}

/** A `comments` row as any dialect returns it. */
export type CommentRow = CommentColumns<unknown, unknown> & { id: number };
/** An `attachments` row as any dialect returns it. */
export type AttachmentRow = AttachmentColumns<unknown> & { id: number };
/** A `history` row as any dialect returns it. */
export type HistoryRow = HistoryColumns<unknown, unknown> & { id: number };

/** Row → domain mappers of the activity tables for one dialect's codecs. */
export interface ActivityRowCodec {
  toComment(row: CommentRow): Comment;
  toAttachment(row: AttachmentRow): Attachment;
  toHistory(row: HistoryRow): HistoryEntry;
}

/** Builds the activity row mappers from the dialect's `timestamp` and `boolean` codecs. */
export function createActivityRowCodec(codecs: KindCodecs): ActivityRowCodec {
  const time = (stored: unknown) => (codecs.timestamp ?? NATIVE_CODEC).decode(stored) as Date;
  const flag = (stored: unknown) => (codecs.boolean ?? NATIVE_CODEC).decode(stored) as boolean;
  return {
    toComment: (r) => ({
      id: r.id,
      ticketId: r.ticket_id,
      authorId: r.author_id,
      content: r.content,
      isInternal: flag(r.is_internal),
      createdAt: time(r.created_at),
      updatedAt: time(r.updated_at),
    }),
    toAttachment: (r) => ({
      id: r.id,
      ticketId: r.ticket_id,
      filename: r.filename,
      fileSize: r.file_size,
      contentType: r.content_type,
      description: r.description,
      uploadedById: r.uploaded_by_id,
      uploadedAt: time(r.uploaded_at),
      blobKey: r.blob_key,
    }),
    toHistory: (r) => ({
      id: r.id,
      ticketId: r.ticket_id,
      userId: r.user_id,
      action: r.action as HistoryAction,
      fieldName: r.field_name,
      oldValue: r.old_value,
      newValue: r.new_value,
      timestamp: time(r.timestamp),
      isInternal: flag(r.is_internal),
    }),
  };
}
