import type { Row, Statement, Workload, WorkloadStep, WorkloadTable } from './Workload.ts';

/** Account ids per session: small, so updates, deletes and re-inserts of one key are common. */
const ACCOUNT_SLOTS = 4;
/** Ids are `session * KEY_STRIDE + n`: each session owns a disjoint id range in both tables. */
const KEY_STRIDE = 1000;

interface SessionView {
  /** Ordinal of the current (or next) transaction. */
  ordinal: number;
  inTxn: boolean;
  /** The transaction hit an error (duplicate key): PostgreSQL aborts it, and COMMIT rolls back. */
  failed: boolean;
  /** This session's own rows as it sees them: committed state plus its own uncommitted writes. */
  rows: Record<WorkloadTable, Record<number, Row>>;
  /** The rows at BEGIN, restored on ROLLBACK. */
  atBegin: Record<WorkloadTable, Record<number, Row>>;
  nextOutboxId: number;
}

/**
 * Turns a list of choices (as fast-check generates and shrinks them) into a valid interleaved
 * workload over `sessions` connections.
 *
 * Each choice picks a session (`choice % sessions`) and then what it does next: BEGIN when it is
 * idle; otherwise an INSERT, UPDATE or DELETE on `accounts` or `outbox`, a COMMIT or a ROLLBACK.
 * Open transactions are committed at the end, so every workload leaves every session idle.
 *
 * Why it can never block or deadlock the test: each session only touches ids in its own range
 * (`session * 1000 + n`) in both tables. Row locks and unique-index waits only arise between
 * transactions writing the same key, so with disjoint keys no statement ever waits for another
 * session, and running the steps one at a time, in order, on one Node event loop cannot hang.
 * The transactions still overlap in time, so commit order often differs from begin order.
 *
 * The generator tracks what each session sees, so it knows what each statement will do. Most
 * statements change a row; a few on purpose do not: an UPDATE matching no row (UPDATE 0), and a
 * duplicate-key INSERT, which fails the transaction so that its later statements error and its
 * COMMIT rolls back. Empty transactions (BEGIN then COMMIT) also occur: PostgreSQL writes
 * nothing for them.
 *
 * Pure and deterministic.
 */
export function buildWorkload(sessions: number, choices: readonly number[]): Workload {
  if (!Number.isInteger(sessions) || sessions < 1) throw new RangeError(`sessions must be >= 1, got ${sessions}`);
  const views: SessionView[] = Array.from({ length: sessions }, (_, s) => ({
    ordinal: 0,
    inTxn: false,
    failed: false,
    rows: { accounts: {}, outbox: {} },
    atBegin: { accounts: {}, outbox: {} },
    nextOutboxId: s * KEY_STRIDE + 1,
  }));
  const steps: WorkloadStep[] = [];
  const emit = (session: number, statement: Statement) => {
    const view = views[session]!;
    steps.push({ session, txn: `s${session}.t${view.ordinal}`, statement });
  };
  for (const choice of choices) {
    const session = choice % sessions;
    const view = views[session]!;
    const pick = Math.floor(choice / sessions);
    if (!view.inTxn) {
      emit(session, { kind: 'begin' });
      view.inTxn = true;
      view.atBegin = clone(view.rows);
      continue;
    }
    const statement = chooseStatement(session, view, pick);
    emit(session, statement);
    apply(view, statement);
  }
  for (let session = 0; session < sessions; session++) {
    const view = views[session]!;
    if (view.inTxn) {
      emit(session, { kind: 'commit' });
      apply(view, { kind: 'commit' });
    }
  }
  return { sessions, steps };
}

function chooseStatement(session: number, view: SessionView, pick: number): Statement {
  const base = session * KEY_STRIDE;
  const options: Statement[] = [{ kind: 'commit' }, { kind: 'commit' }, { kind: 'rollback' }];
  const accountIds = Array.from({ length: ACCOUNT_SLOTS }, (_, n) => base + 1 + n);
  const value = (pick * 7919) % 1000;
  const freeAccount = accountIds.find((id) => view.rows.accounts[id] === undefined);
  const existingAccounts = accountIds.filter((id) => view.rows.accounts[id] !== undefined);
  const existingOutbox = Object.keys(view.rows.outbox).map(Number);
  if (freeAccount !== undefined) {
    options.push({ kind: 'insert', table: 'accounts', row: { id: freeAccount, balance: value } });
    // Matches no row: UPDATE 0, no error, nothing in the WAL.
    if (pick % 4 === 0) options.push({ kind: 'update', table: 'accounts', id: freeAccount, set: { balance: value } });
  }
  const account = existingAccounts[pick % Math.max(1, existingAccounts.length)];
  if (account !== undefined) {
    options.push({ kind: 'update', table: 'accounts', id: account, set: { balance: value } });
    options.push({ kind: 'delete', table: 'accounts', id: account });
    // A duplicate key: the transaction fails, later statements error, and its COMMIT rolls back.
    if (pick % 5 === 0) options.push({ kind: 'insert', table: 'accounts', row: { id: account, balance: value } });
  }
  options.push({
    kind: 'insert',
    table: 'outbox',
    row: { id: view.nextOutboxId, aggregate_id: account ?? base + 1, payload: `evt-${value}` },
  });
  const outboxId = existingOutbox[pick % Math.max(1, existingOutbox.length)];
  if (outboxId !== undefined) {
    options.push({ kind: 'update', table: 'outbox', id: outboxId, set: { payload: `upd-${value}` } });
    options.push({ kind: 'delete', table: 'outbox', id: outboxId });
  }
  return options[pick % options.length]!;
}

function apply(view: SessionView, statement: Statement): void {
  switch (statement.kind) {
    case 'begin':
      return;
    case 'commit':
    case 'rollback':
      if (statement.kind === 'rollback' || view.failed) view.rows = view.atBegin;
      view.inTxn = false;
      view.failed = false;
      view.ordinal += 1;
      return;
    case 'insert':
      if (view.failed) return;
      if (view.rows[statement.table][statement.row.id] !== undefined) {
        view.failed = true;
        return;
      }
      view.rows[statement.table][statement.row.id] = statement.row;
      if (statement.table === 'outbox') view.nextOutboxId = statement.row.id + 1;
      return;
    case 'update': {
      const current = view.rows[statement.table][statement.id];
      if (view.failed || current === undefined) return;
      view.rows[statement.table][statement.id] = { ...current, ...statement.set };
      return;
    }
    case 'delete':
      if (view.failed) return;
      delete view.rows[statement.table][statement.id];
      return;
  }
}

function clone(rows: SessionView['rows']): SessionView['rows'] {
  return { accounts: { ...rows.accounts }, outbox: { ...rows.outbox } };
}
