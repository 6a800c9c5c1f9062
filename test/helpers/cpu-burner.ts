/** The CPU burner lives with the tools (rehearse --burn-cpu uses it too); tests import it from here. */
export { startCpuBurner, type CpuBurner } from '../../server/cli/lib/cpu-burner.ts';
