import { MilestoneFieldsDto } from '../../http/milestone-fields.dto.js';

export class LogMilestoneDto extends MilestoneFieldsDto {}
