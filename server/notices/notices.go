// Package notices delivers what the organization server sends out, durably,
// through River (a job queue on the same PostgreSQL): deauthorization
// notices to app developers, signed by the server the Standard Webhooks way
// with secrets that never leave it, and messages about new requests and
// decisions to an account's Slack or Teams channel.
//
// Jobs are inserted in the caller's transaction (EnqueueRemovalTx,
// EnqueueChatTx), so a notice exists exactly when the change that caused it
// commits. Every replica runs a River client; River hands each job to one
// worker at a time and retries it with backoff. docs/server-notices.md is
// the developer's side.
package notices

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"marketdesk/app/netguard"
	"marketdesk/server/db"
)

// Queue is the River queue of every job of this package.
const Queue = "notices"

// Options are the service's dependencies; zero values are production's.
type Options struct {
	Logger *slog.Logger
	// Client posts notices and chat messages. Default: a netguard client,
	// which reaches public addresses only (a developer's URL cannot make the
	// server call its own network). Tests pass a guard that counts their
	// 127.0.0.1 receivers as public.
	Client *http.Client
	// RetryPolicy spaces the attempts of a failed delivery. Default: Backoff
	// from 5 s doubling to 1 h, with jitter.
	RetryPolicy river.ClientRetryPolicy
	// FetchPollInterval is how often an idle replica looks for due jobs
	// (inserts also wake it through LISTEN/NOTIFY). Default: River's 1 s.
	FetchPollInterval time.Duration
	// SecretRecheck is how long a notice for an app without a signing secret
	// waits before it looks again (setting the secret wakes it at once).
	SecretRecheck time.Duration
	// AllowLoopback lets the chat webhook be a loopback URL: tests only.
	AllowLoopback bool
	// Now is the clock of signatures (webhook-timestamp).
	Now func() time.Time
	// Workers is how many deliveries one replica runs at once.
	Workers int
}

// Service runs the deliveries of one replica and serves the routes that
// manage signing secrets and the chat webhook.
type Service struct {
	db     *db.DB
	o      Options
	client *river.Client[pgx.Tx]
}

// New builds the service on d; call Start to deliver. d's schema must
// include River's (Migrate).
func New(d *db.DB, o Options) (*Service, error) {
	o = o.withDefaults()
	s := &Service{db: d, o: o}
	workers := river.NewWorkers()
	river.AddWorker(workers, &removalWorker{s: s})
	river.AddWorker(workers, &chatWorker{s: s})
	client, err := river.NewClient(riverpgxv5.New(d.Pool), &river.Config{
		Logger:            o.Logger,
		Queues:            map[string]river.QueueConfig{Queue: {MaxWorkers: o.Workers}},
		Workers:           workers,
		RetryPolicy:       o.RetryPolicy,
		FetchPollInterval: o.FetchPollInterval,
		FetchCooldown:     min(o.FetchPollInterval, 100*time.Millisecond),
		JobTimeout:        time.Minute,
		// A replica that died mid-delivery leaves its job "running": another
		// replica takes it back after this and retries it, same webhook-id.
		RescueStuckJobsAfter: 5 * time.Minute,
	})
	if err != nil {
		return nil, fmt.Errorf("notices: set up River: %w", err)
	}
	s.client = client
	return s, nil
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Client == nil {
		o.Client = netguard.New(netguard.Config{}).Client()
	}
	if o.RetryPolicy == nil {
		o.RetryPolicy = Backoff{Base: 5 * time.Second, Max: time.Hour}
	}
	if o.FetchPollInterval == 0 {
		o.FetchPollInterval = time.Second
	}
	if o.SecretRecheck == 0 {
		o.SecretRecheck = time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Workers == 0 {
		o.Workers = 10
	}
	return o
}

// Start begins delivering; jobs already due (from before a restart, or
// inserted by another replica) are picked up at once. Deliveries run until
// Stop: ctx's cancellation is not passed on, because River would take it as
// an abrupt stop that cuts deliveries in flight.
func (s *Service) Start(ctx context.Context) error {
	if err := s.client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("notices: start River: %w", err)
	}
	return nil
}

// Stop lets deliveries in flight finish (until ctx ends, then cancels
// them: a cancelled delivery is retried, with the same webhook-id).
func (s *Service) Stop(ctx context.Context) error {
	err := s.client.Stop(ctx)
	if err != nil && ctx.Err() != nil {
		return s.client.StopAndCancel(context.WithoutCancel(ctx))
	}
	return err
}
