// Suite of the trusted run: language features and commands on the fixture workspaces.
import { runFolder } from '../mochaRunner';

export function run(): Promise<void> {
  return runFolder(__dirname);
}
