/**
 * The SQL the moderator CLI runs to add a moderator or set their password and role on a site. Kept
 * apart from the CLI so the tests run the same statements against D1.
 */
import { sqlValue } from "../../importers/sql.ts";

/**
 * Adds the moderator (or sets their name and password) and their role on `siteId`, and ends every
 * session they have: a new password must sign out whoever had the old one. The role statement
 * changes no row when the site does not exist.
 */
export function grantStatements(input: {
  email: string;
  name: string;
  passwordHash: string;
  siteId: string;
  role: string;
}): string[] {
  const email = sqlValue(input.email);
  const site = sqlValue(input.siteId);
  return [
    `INSERT INTO moderators (email, display_name, password_hash) SELECT ${email}, ${sqlValue(input.name)}, ${sqlValue(input.passwordHash)} WHERE EXISTS (SELECT 1 FROM sites WHERE id = ${site}) ON CONFLICT (email) DO UPDATE SET display_name = excluded.display_name, password_hash = excluded.password_hash`,
    `INSERT INTO site_moderators (site_id, moderator_id, role) SELECT id, (SELECT id FROM moderators WHERE email = ${email}), ${sqlValue(input.role)} FROM sites WHERE id = ${site} ON CONFLICT (site_id, moderator_id) DO UPDATE SET role = excluded.role`,
    `DELETE FROM sessions WHERE moderator_id = (SELECT id FROM moderators WHERE email = ${email})`,
  ];
}
