-- supabase/seed.sql
-- A small deterministic data set (fixed UUIDs, mirrored by no.likeperson.supabase.SeedData):
--   two unrelated organisations (Demo Handikapforbund: national -> 2 regions -> 3 chapters;
--   Demo Blindeforbund: national -> 1 chapter), 3 org admins (national, region, other org),
--   4 coordinators, 6 peer mentors incl. mentor.multi in two chapters and an inactive one,
--   12 months of activities (calendar year 2026, FIXED dates, never now()) incl. activities on the
--   first and last day of months (inclusive period boundaries) and null durations, proxy activities
--   every month (some from a recurring template), reimbursements in every status in both
--   organisations, certifications active / expiring within 30 days / expired / suspended.
-- Certification expiry is the one thing relative to now(): "expiring within 30 days" must hold on
-- the day the tests run. Everything else is fixed.
-- Runs as superuser after the migrations, so every trigger fires (closure, audit, summaries).
-- Idempotent: every insert is ON CONFLICT DO NOTHING (skipped rows fire no triggers), so running it
-- again changes nothing; LocalDatabase.resetData() truncates and runs it once.

-- ---------------------------------------------------------------- organisations (parents first)
insert into public.organisations (id, parent_id, name) values
  ('a0000000-0000-4000-8000-000000000001', null, 'Demo Handikapforbund'),
  ('b0000000-0000-4000-8000-000000000001', null, 'Demo Blindeforbund')
on conflict (id) do nothing;
insert into public.organisations (id, parent_id, name) values
  ('a0000000-0000-4000-8000-000000000011', 'a0000000-0000-4000-8000-000000000001', 'Region Øst'),
  ('a0000000-0000-4000-8000-000000000012', 'a0000000-0000-4000-8000-000000000001', 'Region Vest'),
  ('b0000000-0000-4000-8000-000000000011', 'b0000000-0000-4000-8000-000000000001', 'Trondheim lokallag')
on conflict (id) do nothing;
insert into public.organisations (id, parent_id, name) values
  ('a0000000-0000-4000-8000-000000000111', 'a0000000-0000-4000-8000-000000000011', 'Oslo lokallag'),
  ('a0000000-0000-4000-8000-000000000112', 'a0000000-0000-4000-8000-000000000011', 'Bærum lokallag'),
  ('a0000000-0000-4000-8000-000000000121', 'a0000000-0000-4000-8000-000000000012', 'Bergen lokallag')
on conflict (id) do nothing;

-- ---------------------------------------------------------------- people
drop table if exists pg_temp.seed_people;
create temporary table seed_people (id uuid, short text, full_name text, org_id uuid, status text);
insert into seed_people values
  ('10000000-0000-4000-8000-000000000001', 'admin.national',  'Anne Nasjonal',  'a0000000-0000-4000-8000-000000000001', 'active'),
  ('10000000-0000-4000-8000-000000000002', 'admin.ost',       'Olav Øst',       'a0000000-0000-4000-8000-000000000011', 'active'),
  ('10000000-0000-4000-8000-000000000003', 'admin.blind',     'Berit Blind',    'b0000000-0000-4000-8000-000000000001', 'active'),
  ('20000000-0000-4000-8000-000000000001', 'coord.oslo',      'Kari Oslo',      'a0000000-0000-4000-8000-000000000111', 'active'),
  ('20000000-0000-4000-8000-000000000002', 'coord.baerum',    'Per Bærum',      'a0000000-0000-4000-8000-000000000112', 'active'),
  ('20000000-0000-4000-8000-000000000003', 'coord.bergen',    'Siri Bergen',    'a0000000-0000-4000-8000-000000000121', 'active'),
  ('20000000-0000-4000-8000-000000000004', 'coord.trondheim', 'Tor Trondheim',  'b0000000-0000-4000-8000-000000000011', 'active'),
  ('30000000-0000-4000-8000-000000000001', 'mentor.oslo',     'Mona Oslo',      'a0000000-0000-4000-8000-000000000111', 'active'),
  ('30000000-0000-4000-8000-000000000002', 'mentor.multi',    'Mats Multi',     'a0000000-0000-4000-8000-000000000111', 'active'),
  ('30000000-0000-4000-8000-000000000003', 'mentor.baerum',   'Berit Bærum',    'a0000000-0000-4000-8000-000000000112', 'active'),
  ('30000000-0000-4000-8000-000000000004', 'mentor.bergen',   'Bjørn Bergen',   'a0000000-0000-4000-8000-000000000121', 'active'),
  ('30000000-0000-4000-8000-000000000005', 'mentor.trondheim','Trine Trondheim','b0000000-0000-4000-8000-000000000011', 'active'),
  ('30000000-0000-4000-8000-000000000006', 'mentor.inactive', 'Ivar Inaktiv',   'a0000000-0000-4000-8000-000000000111', 'inactive');

insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data,
                        email_confirmed_at, created_at, updated_at)
select '00000000-0000-0000-0000-000000000000', p.id, 'authenticated', 'authenticated',
       p.short || '@example.test', '{"provider": "email", "providers": ["email"]}'::jsonb,
       jsonb_build_object('full_name', p.full_name),
       timestamptz '2025-12-01 08:00:00+00', timestamptz '2025-12-01 08:00:00+00', timestamptz '2025-12-01 08:00:00+00'
  from seed_people p
on conflict (id) do nothing;

insert into public.users (id, org_id, full_name, email, status, created_at, updated_at)
select p.id, p.org_id, p.full_name, p.short || '@example.test', p.status,
       timestamptz '2025-12-01 08:00:00+00', timestamptz '2025-12-01 08:00:00+00'
  from seed_people p
on conflict (id) do nothing;

insert into public.org_memberships (id, user_id, org_id, role) values
  ('c0000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'org_admin'),
  ('c0000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000011', 'org_admin'),
  ('c0000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000003', 'b0000000-0000-4000-8000-000000000001', 'org_admin'),
  ('c0000000-0000-4000-8000-000000000011', '20000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000111', 'coordinator'),
  ('c0000000-0000-4000-8000-000000000012', '20000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000112', 'coordinator'),
  ('c0000000-0000-4000-8000-000000000013', '20000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000121', 'coordinator'),
  ('c0000000-0000-4000-8000-000000000014', '20000000-0000-4000-8000-000000000004', 'b0000000-0000-4000-8000-000000000011', 'coordinator'),
  ('c0000000-0000-4000-8000-000000000021', '30000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000111', 'peer_mentor'),
  ('c0000000-0000-4000-8000-000000000022', '30000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000111', 'peer_mentor'),
  ('c0000000-0000-4000-8000-000000000023', '30000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000112', 'peer_mentor'),
  ('c0000000-0000-4000-8000-000000000024', '30000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000112', 'peer_mentor'),
  ('c0000000-0000-4000-8000-000000000025', '30000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000121', 'peer_mentor'),
  ('c0000000-0000-4000-8000-000000000026', '30000000-0000-4000-8000-000000000005', 'b0000000-0000-4000-8000-000000000011', 'peer_mentor'),
  ('c0000000-0000-4000-8000-000000000027', '30000000-0000-4000-8000-000000000006', 'a0000000-0000-4000-8000-000000000111', 'peer_mentor')
on conflict (id) do nothing;

-- ---------------------------------------------------------------- activity types (national level)
insert into public.activity_types (id, org_id, code, name) values
  ('d0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'samtale',          'Likepersonsamtale'),
  ('d0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'aktivitetsgruppe', 'Aktivitetsgruppe'),
  ('d0000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'kurs',             'Kurs'),
  ('d0000000-0000-4000-8000-000000000011', 'b0000000-0000-4000-8000-000000000001', 'samtale',          'Likepersonsamtale'),
  ('d0000000-0000-4000-8000-000000000012', 'b0000000-0000-4000-8000-000000000001', 'kurs',             'Kurs')
on conflict (id) do nothing;

-- ---------------------------------------------------------------- recurring templates
insert into public.recurring_activity_templates (id, org_id, coordinator_id, attributed_mentor_id, activity_type,
                                                 title, duration_minutes, recurrence_rule, created_at, updated_at) values
  ('e0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000111', '20000000-0000-4000-8000-000000000001',
   '30000000-0000-4000-8000-000000000001', 'samtale', 'Månedlig samtale Oslo', 45, 'FREQ=MONTHLY;BYMONTHDAY=10',
   timestamptz '2025-12-15 09:00:00+00', timestamptz '2025-12-15 09:00:00+00'),
  ('e0000000-0000-4000-8000-000000000002', 'b0000000-0000-4000-8000-000000000011', '20000000-0000-4000-8000-000000000004',
   '30000000-0000-4000-8000-000000000005', 'samtale', 'Månedlig samtale Trondheim', 45, 'FREQ=MONTHLY;BYMONTHDAY=10',
   timestamptz '2025-12-15 09:00:00+00', timestamptz '2025-12-15 09:00:00+00')
on conflict (id) do nothing;

-- ---------------------------------------------------------------- activities, 2026-01..2026-12
-- Per (chapter, mentor) and month: a talk on day 1 (60 min, coordinator set), a group on day 15
-- (2 sessions; duration unknown = null every third month, else 90 min; no coordinator) and, in
-- even months, a course on the last day of the month (120 min). mentor.inactive stops after March.
drop table if exists pg_temp.seed_pairs;
create temporary table seed_pairs (org_id uuid, mentor_id uuid, coordinator_id uuid, type_org text, last_month int);
insert into seed_pairs values
  ('a0000000-0000-4000-8000-000000000111', '30000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001', 'a', 12),
  ('a0000000-0000-4000-8000-000000000111', '30000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000001', 'a', 12),
  ('a0000000-0000-4000-8000-000000000111', '30000000-0000-4000-8000-000000000006', '20000000-0000-4000-8000-000000000001', 'a', 3),
  ('a0000000-0000-4000-8000-000000000112', '30000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000002', 'a', 12),
  ('a0000000-0000-4000-8000-000000000112', '30000000-0000-4000-8000-000000000003', '20000000-0000-4000-8000-000000000002', 'a', 12),
  ('a0000000-0000-4000-8000-000000000121', '30000000-0000-4000-8000-000000000004', '20000000-0000-4000-8000-000000000003', 'a', 12),
  ('b0000000-0000-4000-8000-000000000011', '30000000-0000-4000-8000-000000000005', '20000000-0000-4000-8000-000000000004', 'b', 12)
;

insert into public.activities (id, org_id, peer_mentor_id, coordinator_id, activity_type_id, activity_date,
                               occurred_at, duration_minutes, session_count, participant_count, notes,
                               created_at, updated_at)
select md5(format('seed-activity|%s|%s|%s|%s', p.org_id, p.mentor_id, m, k))::uuid,
       p.org_id, p.mentor_id,
       case when k = 1 then p.coordinator_id end,
       case when p.type_org = 'a' then
              case k when 1 then 'd0000000-0000-4000-8000-000000000001'::uuid
                     when 2 then 'd0000000-0000-4000-8000-000000000002'::uuid
                     else 'd0000000-0000-4000-8000-000000000003'::uuid end
            else
              case k when 2 then 'd0000000-0000-4000-8000-000000000011'::uuid
                     when 1 then 'd0000000-0000-4000-8000-000000000011'::uuid
                     else 'd0000000-0000-4000-8000-000000000012'::uuid end
       end,
       d.day,
       d.day + time '10:00' at time zone 'Europe/Oslo',
       case k when 1 then 60 when 2 then (case when m % 3 = 0 then null else 90 end) else 120 end,
       case k when 2 then 2 else 1 end,
       case k when 2 then 4 else 1 end,
       null,
       d.day + time '18:00' at time zone 'Europe/Oslo',
       d.day + time '18:00' at time zone 'Europe/Oslo'
  from seed_pairs p
  cross join generate_series(1, 12) as m
  cross join generate_series(1, 3) as k
  cross join lateral (select case k when 1 then make_date(2026, m, 1)
                                    when 2 then make_date(2026, m, 15)
                                    else (make_date(2026, m, 1) + interval '1 month - 1 day')::date end as day) d
 where m <= p.last_month
   and (k < 3 or m % 2 = 0)
on conflict (id) do nothing;

-- ---------------------------------------------------------------- proxy activities
-- Every month on day 10 the chapter's coordinator registers a 45-minute talk for each active mentor
-- of the chapter (Oslo and Trondheim from the recurring template).
insert into public.proxy_activities (id, coordinator_id, attributed_mentor_id, org_id, activity_type, date,
                                     duration_minutes, notes, is_recurring, template_id, created_at, updated_at)
select md5(format('seed-proxy|%s|%s|%s', p.org_id, p.mentor_id, m))::uuid,
       p.coordinator_id, p.mentor_id, p.org_id, 'samtale', make_date(2026, m, 10), 45,
       'Registrert av koordinator', t.id is not null, t.id,
       make_date(2026, m, 10) + time '20:00' at time zone 'Europe/Oslo',
       make_date(2026, m, 10) + time '20:00' at time zone 'Europe/Oslo'
  from seed_pairs p
  cross join generate_series(1, 12) as m
  left join public.recurring_activity_templates t
         on t.org_id = p.org_id and t.attributed_mentor_id = p.mentor_id
 where m <= p.last_month
on conflict (id) do nothing;

-- ---------------------------------------------------------------- reimbursements, every status
insert into public.reimbursements (id, org_id, user_id, amount, description, status, decided_by, decided_at,
                                   created_at, updated_at) values
  ('f0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000111', '30000000-0000-4000-8000-000000000001', 250.00, 'Reise til samtale', 'pending',  null, null, timestamptz '2026-03-02 10:00+00', timestamptz '2026-03-02 10:00+00'),
  ('f0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000111', '30000000-0000-4000-8000-000000000002', 480.50, 'Kursmateriell',     'approved', '20000000-0000-4000-8000-000000000001', timestamptz '2026-03-05 10:00+00', timestamptz '2026-03-03 10:00+00', timestamptz '2026-03-05 10:00+00'),
  ('f0000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000112', '30000000-0000-4000-8000-000000000003', 120.00, 'Parkering',         'rejected', '20000000-0000-4000-8000-000000000002', timestamptz '2026-04-05 10:00+00', timestamptz '2026-04-01 10:00+00', timestamptz '2026-04-05 10:00+00'),
  ('f0000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000112', '30000000-0000-4000-8000-000000000002', 310.00, 'Reise',             'paid',     '20000000-0000-4000-8000-000000000002', timestamptz '2026-05-05 10:00+00', timestamptz '2026-05-01 10:00+00', timestamptz '2026-05-05 10:00+00'),
  ('f0000000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-000000000121', '30000000-0000-4000-8000-000000000004', 199.00, 'Servering',         'pending',  null, null, timestamptz '2026-06-01 10:00+00', timestamptz '2026-06-01 10:00+00'),
  ('f0000000-0000-4000-8000-000000000006', 'a0000000-0000-4000-8000-000000000121', '30000000-0000-4000-8000-000000000004', 75.00,  'Bompenger',         'approved', '20000000-0000-4000-8000-000000000003', timestamptz '2026-06-10 10:00+00', timestamptz '2026-06-02 10:00+00', timestamptz '2026-06-10 10:00+00'),
  ('f0000000-0000-4000-8000-000000000011', 'b0000000-0000-4000-8000-000000000011', '30000000-0000-4000-8000-000000000005', 220.00, 'Reise',             'pending',  null, null, timestamptz '2026-03-02 10:00+00', timestamptz '2026-03-02 10:00+00'),
  ('f0000000-0000-4000-8000-000000000012', 'b0000000-0000-4000-8000-000000000011', '30000000-0000-4000-8000-000000000005', 90.00,  'Parkering',         'approved', '20000000-0000-4000-8000-000000000004', timestamptz '2026-03-09 10:00+00', timestamptz '2026-03-03 10:00+00', timestamptz '2026-03-09 10:00+00'),
  ('f0000000-0000-4000-8000-000000000013', 'b0000000-0000-4000-8000-000000000011', '30000000-0000-4000-8000-000000000005', 60.00,  'Kaffe',             'rejected', '20000000-0000-4000-8000-000000000004', timestamptz '2026-04-09 10:00+00', timestamptz '2026-04-03 10:00+00', timestamptz '2026-04-09 10:00+00'),
  ('f0000000-0000-4000-8000-000000000014', 'b0000000-0000-4000-8000-000000000011', '30000000-0000-4000-8000-000000000005', 400.00, 'Kurs',              'paid',     '20000000-0000-4000-8000-000000000004', timestamptz '2026-05-09 10:00+00', timestamptz '2026-05-03 10:00+00', timestamptz '2026-05-09 10:00+00')
on conflict (id) do nothing;

-- ---------------------------------------------------------------- certifications
-- expires_at relative to now() on purpose (see header): active, expiring within 30 days, expired,
-- suspended, in both organisations.
insert into public.peer_mentor_certifications (id, peer_mentor_id, org_id, certification_type, issued_at, expires_at,
                                               status, renewal_history) values
  ('ce000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000111',
   'grunnkurs_likeperson', timestamptz '2024-01-15 10:00+00', now() + interval '365 days', 'active',
   '[{"schema_version": 1, "renewed_at": "2025-01-10T10:00:00Z", "previous_expires_at": "2025-01-15T10:00:00Z", "renewed_by": "20000000-0000-4000-8000-000000000001", "notes": "Fornyet etter oppfriskningskurs"}]'),
  ('ce000000-0000-4000-8000-000000000002', '30000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000111',
   'grunnkurs_likeperson', timestamptz '2024-02-01 10:00+00', now() + interval '20 days', 'active', '[]'),
  ('ce000000-0000-4000-8000-000000000003', '30000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000112',
   'grunnkurs_likeperson', timestamptz '2023-03-01 10:00+00', now() - interval '30 days', 'expired', '[]'),
  ('ce000000-0000-4000-8000-000000000004', '30000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000121',
   'grunnkurs_likeperson', timestamptz '2025-05-01 10:00+00', now() + interval '200 days', 'active', '[]'),
  ('ce000000-0000-4000-8000-000000000005', '30000000-0000-4000-8000-000000000005', 'b0000000-0000-4000-8000-000000000011',
   'grunnkurs_likeperson', timestamptz '2024-06-01 10:00+00', now() + interval '10 days', 'active', '[]'),
  ('ce000000-0000-4000-8000-000000000006', '30000000-0000-4000-8000-000000000006', 'a0000000-0000-4000-8000-000000000111',
   'grunnkurs_likeperson', timestamptz '2023-06-01 10:00+00', now() + interval '100 days', 'suspended', '[]'),
  ('ce000000-0000-4000-8000-000000000007', '30000000-0000-4000-8000-000000000005', 'b0000000-0000-4000-8000-000000000011',
   'samtaleleder', timestamptz '2022-06-01 10:00+00', now() - interval '5 days', 'expired', '[]')
on conflict (id) do nothing;

drop table if exists pg_temp.seed_pairs;
drop table if exists pg_temp.seed_people;
