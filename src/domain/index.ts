export * from './rules';
export * from './record';
export * from './school';
export * from './pupil';
export * from './signal';
export * from './contact';
export * from './consultation';
export * from './entities';
