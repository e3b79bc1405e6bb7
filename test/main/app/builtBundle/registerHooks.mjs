import { register } from 'node:module';

register('./electronHooks.mjs', import.meta.url);
