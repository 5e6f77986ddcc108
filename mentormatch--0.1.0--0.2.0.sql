/* mentormatch--0.1.0--0.2.0.sql — update from 0.1.0 */

\echo Use "ALTER EXTENSION mentormatch UPDATE TO '0.2.0'" to load this file. \quit
