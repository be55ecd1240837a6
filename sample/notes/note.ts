/** How urgent a note is. */
export enum NotePriority {
  Low = 'low',
  Normal = 'normal',
  High = 'high',
}

/** A stored note. */
export interface Note {
  id: string;
  title: string;
  body?: string;
  tags: string[];
  priority: NotePriority;
  createdAt: string;
  updatedAt: string;
}
