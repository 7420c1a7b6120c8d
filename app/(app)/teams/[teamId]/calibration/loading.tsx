export { TeamLoading as default } from '@/components/team/team-loading';
