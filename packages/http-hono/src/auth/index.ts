export { generateToken, hashToken, hashPassword, verifyPassword, timingSafeEqual } from './hashing.js';
export { createBearerAuthenticator, readBearerToken, type Authenticate, type BearerAuthenticatorOptions } from './bearer.js';
