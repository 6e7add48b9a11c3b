export { generateToken, hashToken, hashPassword, verifyPassword, timingSafeEqual } from './hashing.js';
export { createBearerAuthenticator, InvalidCredentialsError, readBearerToken, type Authenticate, type BearerAuthenticatorOptions } from './bearer.js';
