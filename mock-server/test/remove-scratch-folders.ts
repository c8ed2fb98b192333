import { afterAll } from 'vitest';
import { removeScratchFolders } from './scratch-folder.js';

afterAll(removeScratchFolders);
