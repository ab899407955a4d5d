// Package reminders keeps pre-approvals that expire from lapsing unnoticed
// (re-certification, issue 11). Once a day, each account's chat channel
// hears in one message which pre-approvals lapse within a week, so managers
// renew the ones still needed; and when a pre-approval or a block lapses,
// desktops hear approvals.changed, so they show it at once rather than at
// their next poll.
//
// Every replica runs Run; PostgreSQL decides who does what: an account's
// daily reminder is claimed with FOR UPDATE SKIP LOCKED on its schedule
// row, a lapse likewise on the pre-approval's row, and table
// approval_reminders (migration 0007) remembers what was said, so nothing
// is said twice. Messages go through server/notices' durable queue, in the
// transaction that records them.
package reminders

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/db"
	"marketdesk/server/db/store"
	"marketdesk/server/events"
)

// Defaults of Options.
const (
	// DefaultWithin is how far ahead a reminder looks: a week leaves
	// managers several working days to re-certify.
	DefaultWithin = 7 * 24 * time.Hour
	// DefaultDaily is the time between two reminders of an account.
	DefaultDaily = 24 * time.Hour
	// DefaultTick is how often a replica looks: lapses are announced within
	// a minute of the expiry.
	DefaultTick = time.Minute
)

// lapseBatch bounds one transaction's lapses (and the rows it locks).
const lapseBatch = 100

// Chat queues a line for an account's chat channel in tx and reports
// whether the account has a channel (server/notices.EnqueueChatTx with a
// look at the webhook: without one, nothing is recorded as said, so a
// channel set later still hears about what lapses soon).
type Chat func(ctx context.Context, tx pgx.Tx, accountID int64, text string) (sent bool, err error)

// Options are the job's dependencies; zero values are production's.
type Options struct {
	Logger *slog.Logger
	// Publisher records approvals.changed in the lapse's transaction.
	Publisher events.Publisher
	// Chat posts the daily reminder; nil sends none (lapses are still announced).
	Chat Chat
	// Now is the clock (tests move it).
	Now    func() time.Time
	Within time.Duration
	Daily  time.Duration
	Tick   time.Duration
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Publisher == nil {
		o.Publisher = events.Store{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Within == 0 {
		o.Within = DefaultWithin
	}
	if o.Daily == 0 {
		o.Daily = DefaultDaily
	}
	if o.Tick == 0 {
		o.Tick = DefaultTick
	}
	return o
}

// Job is one replica's reminder job.
type Job struct {
	db *db.DB
	o  Options
}

// New builds the job on d (migrated to 0007 or later).
func New(d *db.DB, o Options) *Job { return &Job{db: d, o: o.withDefaults()} }

// Run does a round at once and then every Tick until ctx ends. A failed
// round is logged and tried again at the next tick.
func (j *Job) Run(ctx context.Context) {
	t := time.NewTicker(j.o.Tick)
	defer t.Stop()
	for {
		if err := j.Round(ctx); err != nil && ctx.Err() == nil {
			j.o.Logger.Warn("reminders: a round failed; retrying at the next tick", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Round announces what lapsed and sends the reminders that are due.
func (j *Job) Round(ctx context.Context) error {
	if err := j.announceLapses(ctx); err != nil {
		return err
	}
	return j.remindDue(ctx)
}

// announceLapses publishes approvals.changed for each pre-approval or block
// whose expiry passed, once per expiry, a batch per transaction.
func (j *Job) announceLapses(ctx context.Context) error {
	for {
		n := 0
		err := j.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
			now := j.o.Now()
			rows, err := q.UnannouncedLapses(ctx, store.UnannouncedLapsesParams{Now: now, MaxRows: lapseBatch})
			if err != nil {
				return fmt.Errorf("reminders: read lapsed pre-approvals: %w", err)
			}
			n = len(rows)
			for _, r := range rows {
				if err := j.announce(ctx, tx, q, r, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || n < lapseBatch {
			return err
		}
	}
}

func (j *Job) announce(ctx context.Context, tx pgx.Tx, q *store.Queries, r store.UnannouncedLapsesRow, now time.Time) error {
	recorded, err := q.RecordReminder(ctx, store.RecordReminderParams{PreapprovalID: r.ID, ExpiresAt: r.ExpiresAt,
		Kind: "lapsed", AccountID: r.AccountID, SentAt: now})
	if err != nil {
		return fmt.Errorf("reminders: record a lapse: %w", err)
	}
	// The row lock alone is not enough: a replica whose read began before
	// another's commit may lock the row after it; the insert sees the
	// committed record and tells this one to say nothing.
	if recorded == 0 {
		return nil
	}
	data, err := lapseData(r)
	if err != nil {
		return err
	}
	// A user's pre-approval concerns that user (and the managers); an
	// account-wide one or a block, everyone.
	return j.o.Publisher.Publish(ctx, tx, events.Event{Kind: events.ApprovalsChanged, AccountID: r.AccountID,
		UserID: r.UserID.Int64, Data: data})
}

// remindDue sends each due account's daily reminder, one account per
// transaction, until none is due.
func (j *Job) remindDue(ctx context.Context) error {
	if err := j.db.Queries.ScheduleReminders(ctx, j.o.Now()); err != nil {
		return fmt.Errorf("reminders: schedule new accounts: %w", err)
	}
	for {
		claimed := false
		err := j.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
			now := j.o.Now()
			account, err := q.ClaimDueReminder(ctx, now)
			if errors.Is(err, pgx.ErrNoRows) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("reminders: claim a due account: %w", err)
			}
			claimed = true
			if err := j.remind(ctx, tx, q, account, now); err != nil {
				return err
			}
			return q.SetReminderDue(ctx, store.SetReminderDueParams{AccountID: account, DueAt: now.Add(j.o.Daily)})
		})
		if err != nil || !claimed {
			return err
		}
	}
}

// remind posts one message listing what lapses within the window and was
// not reminded about yet, and records it as said.
func (j *Job) remind(ctx context.Context, tx pgx.Tx, q *store.Queries, account int64, now time.Time) error {
	if j.o.Chat == nil {
		return nil
	}
	rows, err := q.UnremindedExpiring(ctx, store.UnremindedExpiringParams{AccountID: account, Now: now, Until: now.Add(j.o.Within)})
	if err != nil {
		return fmt.Errorf("reminders: read expiring pre-approvals: %w", err)
	}
	if len(rows) == 0 {
		return nil
	}
	sent, err := j.o.Chat(ctx, tx, account, reminderText(rows, now, j.o.Within))
	if err != nil || !sent {
		return err
	}
	for _, r := range rows {
		if _, err := q.RecordReminder(ctx, store.RecordReminderParams{PreapprovalID: r.ID, ExpiresAt: r.ExpiresAt,
			Kind: "expiring", AccountID: account, SentAt: now}); err != nil {
			return fmt.Errorf("reminders: record a reminder: %w", err)
		}
	}
	return nil
}
