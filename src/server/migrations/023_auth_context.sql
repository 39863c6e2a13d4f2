-- The check behind every request (src/server/auth/authenticate.ts): the signed-in user, their schools
-- and areas, their device and session. As a PL/pgSQL function its plan is made once per database
-- session and reused, where the same SELECT sent as a statement was planned again on every request
-- (planning was most of its cost). One row as jsonb, or NULL when the user or device is unknown.
--
-- p_region_roles: the roles that read every area (permissions.ts seesAllSchools).
-- p_now: the time break-the-glass grants are checked against; NULL means now().
-- schools: the user's schools, and for a leerplichtambtenaar the schools of their gemeenten.
-- private: the user's schools whose team does not share casework (permissions.ts privateSchoolIds).
-- leerplicht_pupils: for a leerplichtambtenaar, the pupils whose verzuimroute involves leerplicht,
-- the SQL twin of verzuimroute.ts involvesLeerplicht (permissions.ts leerplichtPupilIds).
-- A later change to this check is a new migration with CREATE OR REPLACE FUNCTION.
CREATE FUNCTION auth_context(p_user uuid, p_device uuid, p_session uuid, p_now timestamptz, p_region_roles text[])
RETURNS jsonb LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  result jsonb;
BEGIN
  SELECT to_jsonb(ctx) INTO result FROM (
    WITH mine AS (
       SELECT us.school_id AS id FROM user_schools us WHERE us.user_id = p_user
        UNION SELECT s.id FROM user_gemeenten ug JOIN schools s ON s.gemeente_id = ug.area_id WHERE ug.user_id = p_user)
     SELECT u.role, u.display_name, d.revoked_at IS NOT NULL AS revoked,
            d.last_seen_at < now() - interval '5 minutes' AS stale,
            d.replace_requested_at IS NOT NULL AS replacing,
            EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.device_id = d.id AND s.ended_at IS NULL
                       AND (p_session IS NULL OR s.id = p_session)) AS session_open,
            COALESCE((SELECT jsonb_agg(m.id ORDER BY m.id) FROM mine m), '[]'::jsonb) AS schools,
            COALESCE((SELECT jsonb_agg(us.school_id ORDER BY us.school_id) FROM user_schools us JOIN schools s ON s.id = us.school_id
                       WHERE us.user_id = u.id AND NOT s.team_shares), '[]'::jsonb) AS private,
            COALESCE((SELECT jsonb_agg(a.id ORDER BY a.id) FROM areas a
                       WHERE a.kind = 'swv' OR u.role = ANY(p_region_roles)
                          OR a.id IN (SELECT s.gemeente_id FROM mine m JOIN schools s ON s.id = m.id)),
                     '[]'::jsonb) AS areas,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('id', g.id, 'pupilId', g.pupil_id, 'schoolId', g.school_id) ORDER BY g.id)
                        FROM break_glass_grants g
                       WHERE g.user_id = u.id AND u.role = 'jeugdprofessional'
                         AND g.granted_at <= coalesce(p_now, now()) AND g.expires_at > coalesce(p_now, now())),
                     '[]'::jsonb) AS grants,
            CASE WHEN u.role = 'leerplicht' THEN
              COALESCE((SELECT jsonb_agg(DISTINCT lower(r.data->>'pupilId')) FROM records r
                         WHERE r.entity = 'verzuimroute' AND NOT r.deleted AND r.purged_at IS NULL
                           AND r.school_id IN (SELECT m.id FROM mine m)
                           AND (r.data->'stepMelding'->>'status' = 'gedaan' OR r.data->'stepLeerplicht'->>'status' = 'gedaan')),
                       '[]'::jsonb)
            ELSE '[]'::jsonb END AS leerplicht_pupils
       FROM users u JOIN devices d ON d.user_id = u.id AND d.id = p_device
      WHERE u.id = p_user
  ) ctx;
  RETURN result;
END
$fn$;
