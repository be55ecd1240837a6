import { issueSampleToken } from './sample-tokens.js';

/** Prints a bearer token for the sample: `node sample/dist/auth/issue-token.js [subject] [scope ...]`. */
const [subject = 'demo-user', ...scopes] = process.argv.slice(2);
console.log(await issueSampleToken(subject, scopes.length > 0 ? scopes : ['notes:write']));
