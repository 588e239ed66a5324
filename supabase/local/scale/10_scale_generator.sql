-- supabase/local/scale/10_scale_generator.sql
-- Why: plan and performance tests need NHF-sized data (DESIGN §7): ~1,400 chapters in a 5-level tree,
-- 50,000 users, 2,000,000 activities over 3 years, with proportional proxy activities, reimbursements
-- and certifications. Row-by-row inserts through the triggers would take hours on 2 cores, so this
-- generator is set-based (INSERT ... SELECT from generate_series), runs as superuser with
-- session_replication_role = replica (no per-row triggers, no FK triggers), and then builds what the
-- triggers would have built (organisation_closure, proxy_audit_log, org_monthly_activity_counts,
-- app.subtree_persons and the admin KPI totals) in
-- bulk, and ANALYZEs. It respects every CHECK and every rule the triggers enforce (same-org
-- attribution, activity types of an ancestor, level = depth), so the result is indistinguishable from
-- data written through the API.
-- Applied only by LocalDatabase (or by hand), never by the Supabase CLI: it lives in supabase/local/.
--
-- Entry point:  select app_scale.generate(p_chapters, p_users, p_activities, p_years, p_seed);
--   deterministic for the same arguments (ids are md5 of the seed and a row number; "random" choices
--   are hashint8 of the row number and the seed); activities end on 2026-12-31 and span p_years
--   calendar years. Returns a JSON summary of the row counts.
-- Shape: one national root "Skala Forbund <seed>" with regions (level 1), counties (2), districts (3)
-- and p_chapters chapters (4), 14 chapters per district, 5 districts per county, 4 counties per
-- region; plus an unrelated small root "Skala Annet <seed>" with 1 chapter per 50 (at least 1)
-- that receives about 2% of users and activities, so cross-organisation leaks are visible.
-- People: one coordinator per chapter, one org_admin per root and per region, the rest peer mentors
-- (5% of them in a second chapter of the same district); status 90% active, 8% inactive, 2% suspended.
-- Can be run more than once with different seeds (ids differ); the same seed twice is refused.

create schema if not exists app_scale;
comment on schema app_scale is 'Scale data generator for local performance tests. Not exposed by PostgREST.';
revoke all on schema app_scale from public;

-- a deterministic pseudo-random integer in [0, p_mod) for row p_n, stream p_stream
create or replace function app_scale.pick(p_seed bigint, p_stream int, p_n bigint, p_mod bigint)
  returns bigint
  language sql immutable parallel safe
  set search_path = ''
as $$
  select ((pg_catalog.hashint8(p_n * 7919 + p_stream * 1000003 + p_seed * 104729)::bigint + 2147483648) % p_mod)
$$;

create or replace function app_scale.id(p_seed bigint, p_kind text, p_n bigint)
  returns uuid
  language sql immutable parallel safe
  set search_path = ''
as $$
  select pg_catalog.md5('scale|' || p_seed || '|' || p_kind || '|' || p_n)::uuid
$$;

create or replace function app_scale.generate(
  p_chapters   int,
  p_users      int,
  p_activities int,
  p_years      int,
  p_seed       bigint default 42)
  returns json
  language plpgsql
  volatile
  set search_path = ''
as $$
declare
  v_root        uuid := app_scale.id(p_seed, 'root', 1);
  v_other_root  uuid := app_scale.id(p_seed, 'root', 2);
  v_other_chapters int := greatest(1, p_chapters / 50);
  v_districts   int := greatest(1, ceil(p_chapters / 14.0)::int);
  v_counties    int;
  v_regions     int;
  v_start       date := make_date(2026 - p_years + 1, 1, 1);
  v_days        int;
  v_chapter_count int;
  v_mentor_count int;
  v_proxies     int := p_activities / 10;
  v_t0          timestamptz := clock_timestamp();
  v_result      json;
begin
  if p_chapters < 1 or p_users < 10 or p_activities < 0 or p_years not between 1 and 10 then
    raise exception 'invalid scale options (%, %, %, %)', p_chapters, p_users, p_activities, p_years
      using errcode = '22023';
  end if;
  if exists (select 1 from public.organisations where id = v_root) then
    raise exception 'scale data for seed % already exists', p_seed using errcode = '23505';
  end if;
  v_counties := greatest(1, ceil(v_districts / 5.0)::int);
  v_regions := greatest(1, ceil(v_counties / 4.0)::int);
  v_days := (date '2026-12-31' - v_start) + 1;

  perform pg_catalog.set_config('session_replication_role', 'replica', true);

  -- ------------------------------------------------------------ organisations (level = depth)
  create temporary table scale_orgs (id uuid primary key, parent_id uuid, name text, level smallint,
                                     chapter_idx int, district_idx int) on commit drop;
  insert into scale_orgs values (v_root, null, 'Skala Forbund ' || p_seed, 0, null, null),
                                (v_other_root, null, 'Skala Annet ' || p_seed, 0, null, null);
  insert into scale_orgs
  select app_scale.id(p_seed, 'region', r), v_root, 'Region ' || r, 1, null, null
    from generate_series(1, v_regions) r;
  insert into scale_orgs
  select app_scale.id(p_seed, 'county', c), app_scale.id(p_seed, 'region', (c - 1) % v_regions + 1),
         'Fylke ' || c, 2, null, null
    from generate_series(1, v_counties) c;
  insert into scale_orgs
  select app_scale.id(p_seed, 'district', d), app_scale.id(p_seed, 'county', (d - 1) % v_counties + 1),
         'Distrikt ' || d, 3, null, d
    from generate_series(1, v_districts) d;
  insert into scale_orgs
  select app_scale.id(p_seed, 'chapter', k), app_scale.id(p_seed, 'district', (k - 1) % v_districts + 1),
         'Lokallag ' || k, 4, k, (k - 1) % v_districts + 1
    from generate_series(1, p_chapters) k;
  -- the unrelated organisation: root -> region -> county -> district -> chapters
  insert into scale_orgs values
    (app_scale.id(p_seed, 'o-region', 1), v_other_root, 'Annet region', 1, null, null),
    (app_scale.id(p_seed, 'o-county', 1), app_scale.id(p_seed, 'o-region', 1), 'Annet fylke', 2, null, null),
    (app_scale.id(p_seed, 'o-district', 1), app_scale.id(p_seed, 'o-county', 1), 'Annet distrikt', 3, null, 0);
  insert into scale_orgs
  select app_scale.id(p_seed, 'o-chapter', k), app_scale.id(p_seed, 'o-district', 1),
         'Annet lokallag ' || k, 4, p_chapters + k, 0
    from generate_series(1, v_other_chapters) k;

  insert into public.organisations (id, parent_id, name, level)
  select o.id, o.parent_id, o.name, o.level from scale_orgs o;

  insert into public.organisation_closure (ancestor_id, descendant_id, depth)
  with recursive up(ancestor_id, descendant_id, depth) as (
    select o.id, o.id, 0::smallint from scale_orgs o
    union all
    select p.parent_id, up.descendant_id, (up.depth + 1)::smallint
      from up join scale_orgs p on p.id = up.ancestor_id
     where p.parent_id is not null)
  select ancestor_id, descendant_id, depth from up;

  -- chapters numbered 1..N (main tree first, then the other organisation)
  create temporary table scale_chapters (idx int primary key, org_id uuid, root_id uuid, district_idx int,
                                         coordinator_id uuid) on commit drop;
  insert into scale_chapters
  select row_number() over (order by o.chapter_idx), o.id,
         case when o.district_idx = 0 then v_other_root else v_root end, o.district_idx, null
    from scale_orgs o where o.level = 4;
  select count(*) into v_chapter_count from scale_chapters;

  -- ------------------------------------------------------------ activity types at the roots
  insert into public.activity_types (id, org_id, code, name)
  select app_scale.id(p_seed, 'type', r * 10 + t), root, code, name
    from (values (1, v_root), (2, v_other_root)) as roots(r, root)
    cross join (values (1, 'samtale', 'Likepersonsamtale'), (2, 'aktivitetsgruppe', 'Aktivitetsgruppe'),
                       (3, 'kurs', 'Kurs')) as types(t, code, name);

  -- ------------------------------------------------------------ people
  -- user n: 1..chapters = coordinator of chapter n; then admins; the rest peer mentors.
  create temporary table scale_people (n int primary key, id uuid, org_id uuid, org2_id uuid, role text,
                                       status text, admin_org uuid) on commit drop;
  insert into scale_people
  select n, app_scale.id(p_seed, 'user', n),
         null, null,
         case when n <= v_chapter_count then 'coordinator'
              when n <= v_chapter_count + v_regions + 2 then 'org_admin'
              else 'peer_mentor' end,
         case when n > v_chapter_count + v_regions + 2 then
                case when app_scale.pick(p_seed, 1, n, 100) < 90 then 'active'
                     when app_scale.pick(p_seed, 1, n, 100) < 98 then 'inactive'
                     else 'suspended' end
              else 'active' end,
         null
    from generate_series(1, p_users) n;
  -- coordinators: chapter n
  update scale_people p set org_id = c.org_id
    from scale_chapters c where p.role = 'coordinator' and c.idx = p.n;
  update scale_chapters c set coordinator_id = p.id
    from scale_people p where p.role = 'coordinator' and p.n = c.idx;
  -- admins: the two roots, then one per region
  update scale_people p
     set admin_org = case p.n - v_chapter_count when 1 then v_root when 2 then v_other_root
                          else app_scale.id(p_seed, 'region', p.n - v_chapter_count - 2) end
   where p.role = 'org_admin';
  update scale_people p set org_id = p.admin_org where p.role = 'org_admin';
  -- peer mentors: ~2% in the other organisation's chapters, the rest spread over the main chapters;
  -- 5% also in the next chapter of the same district (multi-chapter)
  update scale_people p
     set org_id = c.org_id
    from scale_chapters c
   where p.role = 'peer_mentor'
     and c.idx = case when app_scale.pick(p_seed, 2, p.n, 100) < 2
                      then (p_chapters + 1 + app_scale.pick(p_seed, 3, p.n, v_chapter_count - p_chapters))::int
                      else (1 + app_scale.pick(p_seed, 3, p.n, p_chapters))::int end;
  update scale_people p
     set org2_id = c2.org_id
    from scale_chapters c1
    join scale_chapters c2 on c2.district_idx = c1.district_idx and c2.idx <> c1.idx
   where p.role = 'peer_mentor' and c1.org_id = p.org_id
     and app_scale.pick(p_seed, 4, p.n, 100) < 5
     and c2.idx = (select min(c3.idx) from scale_chapters c3
                    where c3.district_idx = c1.district_idx and c3.idx <> c1.idx);
  delete from scale_people p where p.org_id is null; -- only when users < chapters + admins

  insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data,
                          created_at, updated_at)
  select '00000000-0000-0000-0000-000000000000', p.id, 'authenticated', 'authenticated',
         'scale-' || p_seed || '-' || p.n || '@example.test', '{"provider": "email"}'::jsonb, '{}'::jsonb,
         timestamptz '2023-01-01 00:00+00', timestamptz '2023-01-01 00:00+00'
    from scale_people p;
  insert into public.users (id, org_id, full_name, email, status, created_at, updated_at)
  select p.id, p.org_id, 'Person ' || p.n, 'scale-' || p_seed || '-' || p.n || '@example.test', p.status,
         timestamptz '2023-01-01 00:00+00', timestamptz '2023-01-01 00:00+00'
    from scale_people p;
  insert into public.org_memberships (id, user_id, org_id, role)
  select app_scale.id(p_seed, 'membership', p.n), p.id, p.org_id, p.role from scale_people p
  union all
  select app_scale.id(p_seed, 'membership2', p.n), p.id, p.org2_id, p.role from scale_people p
   where p.org2_id is not null;

  create temporary table scale_mentors (idx int primary key, id uuid, org_id uuid, org2_id uuid) on commit drop;
  insert into scale_mentors
  select row_number() over (order by p.n), p.id, p.org_id, p.org2_id
    from scale_people p where p.role = 'peer_mentor';
  select count(*) into v_mentor_count from scale_mentors;
  if v_mentor_count = 0 then
    raise exception 'p_users % leaves no peer mentors for % chapters', p_users, v_chapter_count
      using errcode = '22023';
  end if;

  -- ------------------------------------------------------------ activities
  insert into public.activities (id, org_id, peer_mentor_id, coordinator_id, activity_type_id, activity_date,
                                 occurred_at, duration_minutes, session_count, participant_count,
                                 created_at, updated_at)
  select app_scale.id(p_seed, 'activity', a.n), a.org_id, a.mentor_id,
         case when app_scale.pick(p_seed, 12, a.n, 10) < 7 then c.coordinator_id end,
         app_scale.id(p_seed, 'type', (case when c.root_id = v_root then 1 else 2 end) * 10
                                       + 1 + app_scale.pick(p_seed, 13, a.n, 3)::int),
         a.day, a.day + time '12:00',
         case when app_scale.pick(p_seed, 14, a.n, 100) < 5 then null
              else 30 + app_scale.pick(p_seed, 15, a.n, 151)::int end,
         1 + app_scale.pick(p_seed, 16, a.n, 3)::int,
         1 + app_scale.pick(p_seed, 17, a.n, 8)::int,
         a.day + time '20:00', a.day + time '20:00'
    from (select n, m.id as mentor_id,
                 case when m.org2_id is not null and n % 2 = 0 then m.org2_id else m.org_id end as org_id,
                 v_start + app_scale.pick(p_seed, 11, n, v_days)::int as day
            from generate_series(1, p_activities) n
            join scale_mentors m on m.idx = 1 + app_scale.pick(p_seed, 10, n, v_mentor_count)) a
    join scale_chapters c on c.org_id = a.org_id;

  -- ------------------------------------------------------------ recurring templates, proxy activities
  insert into public.recurring_activity_templates (id, org_id, coordinator_id, activity_type, title,
                                                   duration_minutes, recurrence_rule)
  select app_scale.id(p_seed, 'template', c.idx), c.org_id, c.coordinator_id, 'samtale',
         'Månedlig samtale', 45, 'FREQ=MONTHLY;BYMONTHDAY=10'
    from scale_chapters c where c.coordinator_id is not null;

  insert into public.proxy_activities (id, coordinator_id, attributed_mentor_id, org_id, activity_type,
                                       activity_type_id, date, duration_minutes, notes, is_recurring,
                                       template_id, created_at, updated_at)
  select app_scale.id(p_seed, 'proxy', a.n), c.coordinator_id, a.mentor_id, a.org_id, t.code, t.id,
         a.day, 15 + app_scale.pick(p_seed, 21, a.n, 106)::int, null, a.recurring,
         case when a.recurring then app_scale.id(p_seed, 'template', c.idx) end,
         a.day + time '21:00', a.day + time '21:00'
    from (select n, m.id as mentor_id,
                 case when m.org2_id is not null and n % 2 = 0 then m.org2_id else m.org_id end as org_id,
                 v_start + app_scale.pick(p_seed, 22, n, v_days)::int as day,
                 app_scale.pick(p_seed, 23, n, 4) = 0 as recurring,
                 1 + app_scale.pick(p_seed, 24, n, 3)::int as type_no
            from generate_series(1, v_proxies) n
            join scale_mentors m on m.idx = 1 + app_scale.pick(p_seed, 20, n, v_mentor_count)) a
    join scale_chapters c on c.org_id = a.org_id and c.coordinator_id is not null
    join public.activity_types t
      on t.id = app_scale.id(p_seed, 'type', (case when c.root_id = v_root then 1 else 2 end) * 10 + a.type_no);

  -- what the audit trigger would have written for every insert
  insert into public.proxy_audit_log (id, proxy_activity_id, org_id, action, actor_id, actor_role,
                                      coordinator_id, attributed_mentor_id, row_data, changed_at)
  select app_scale.id(p_seed, 'audit', row_number() over (order by p.id)), p.id, p.org_id, 'insert',
         p.coordinator_id, 'authenticated', p.coordinator_id, p.attributed_mentor_id, to_jsonb(p), p.created_at
    from public.proxy_activities p
    join scale_chapters c on c.org_id = p.org_id;

  -- ------------------------------------------------------------ reimbursements (2 per person on average)
  insert into public.reimbursements (id, org_id, user_id, amount, description, status, decided_by, decided_at,
                                     created_at, updated_at)
  select app_scale.id(p_seed, 'reimbursement', r.n), p.org_id, p.id,
         (50 + app_scale.pick(p_seed, 31, r.n, 2000))::numeric(12,2), 'Utlegg', r.status,
         case when r.status <> 'pending' then c.coordinator_id end,
         case when r.status <> 'pending' then r.created + interval '3 days' end,
         r.created, r.created
    from (select n,
                 case when app_scale.pick(p_seed, 32, n, 100) < 15 then 'pending'
                      when app_scale.pick(p_seed, 32, n, 100) < 50 then 'approved'
                      when app_scale.pick(p_seed, 32, n, 100) < 60 then 'rejected'
                      else 'paid' end as status,
                 (v_start + app_scale.pick(p_seed, 33, n, v_days)::int) + time '09:00' as created,
                 1 + app_scale.pick(p_seed, 30, n, v_mentor_count) as midx
            from generate_series(1, 2 * v_mentor_count) n) r
    join scale_mentors m on m.idx = r.midx
    join scale_people p on p.id = m.id
    join scale_chapters c on c.org_id = p.org_id;

  -- ------------------------------------------------------------ certifications (one per mentor)
  insert into public.peer_mentor_certifications (id, peer_mentor_id, org_id, certification_type, issued_at,
                                                 expires_at, status, renewal_history, created_at, updated_at)
  select app_scale.id(p_seed, 'certification', m.idx), m.id, m.org_id, 'grunnkurs_likeperson',
         x.issued, x.issued + interval '2 years',
         case when app_scale.pick(p_seed, 41, m.idx, 100) < 3 then 'suspended'
              when x.issued + interval '2 years' < timestamptz '2026-11-01' then 'expired'
              else 'active' end,
         '[]'::jsonb, x.issued, x.issued
    from scale_mentors m
    cross join lateral (select timestamptz '2024-01-01 10:00+00'
                               + make_interval(days => app_scale.pick(p_seed, 40, m.idx, 1200)::int) as issued) x;

  perform pg_catalog.set_config('session_replication_role', 'origin', true);
  perform app.rebuild_activity_summaries();
  perform app.refresh_subtree_persons(null);
  perform app.refresh_org_kpi_totals();

  select json_build_object(
    'organisations', (select count(*) from scale_orgs),
    'chapters', v_chapter_count,
    'users', (select count(*) from scale_people),
    'peer_mentors', v_mentor_count,
    'activities', p_activities,
    'proxy_activities', (select count(*) from public.proxy_activities p join scale_chapters c on c.org_id = p.org_id),
    'seconds', round(extract(epoch from clock_timestamp() - v_t0)::numeric, 1))
    into v_result;
  return v_result;
end
$$;
comment on function app_scale.generate(int, int, int, int, bigint) is
  'Builds an NHF-shaped data set (see supabase/local/scale/10_scale_generator.sql); run ANALYZE afterwards '
  '(LocalDatabase does; app_scale.analyze() is a shortcut).';

create or replace function app_scale.root_org_id(p_seed bigint default 42)
  returns uuid
  language sql immutable
  set search_path = ''
as $$
  select app_scale.id(p_seed, 'root', 1)
$$;
comment on function app_scale.root_org_id(bigint) is 'Id of the generated national root for a seed.';

-- What the side-channel benchmarks probe as the admin of a generated national root: the first
-- active admin of the root, the size of its subtree, and a person (with an e-mail address, none of
-- whose memberships is in the subtree) and an activity (organisation and day) of another tree.
create or replace function app_scale.side_channel_targets(p_root uuid)
  returns table (organisations bigint, admin_id uuid, person_id uuid, person_email text,
                 activity_org_id uuid, activity_day date)
  language sql stable
  set search_path = ''
as $$
  with subtree as (select c.descendant_id as id from public.organisation_closure c
                    where c.ancestor_id = p_root)
  select (select count(*) from subtree),
         (select m.user_id from public.org_memberships m join public.users u on u.id = m.user_id
           where m.org_id = p_root and m.role = 'org_admin' and u.status = 'active'
           order by m.user_id limit 1),
         p.id, p.email, a.org_id, a.activity_date
    from (select u.id, u.email from public.users u
           where u.email is not null
             and u.org_id not in (select id from subtree)
             and not exists (select from public.org_memberships m
                              where m.user_id = u.id and m.org_id in (select id from subtree))
           order by u.id limit 1) p,
         (select a.org_id, a.activity_date from public.activities a
           where a.org_id not in (select id from subtree)
           order by a.id limit 1) a
$$;
comment on function app_scale.side_channel_targets(uuid) is
  'The admin, subtree size, hidden person and hidden activity the timing side-channel benchmarks '
  'probe for a generated national root.';
